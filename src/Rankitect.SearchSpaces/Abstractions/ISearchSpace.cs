using Rankitect.SearchSpaces.Modules;

namespace Rankitect.SearchSpaces.Abstractions;

/// <summary>
/// A search space declared as data: an ordered list of <see cref="SearchChoice"/>s, and a one-to-one map between
/// architectures and candidate indices (one per choice). Strategies work on indices; the space builds networks.
/// </summary>
/// <typeparam name="TArchitecture">The immutable architecture record.</typeparam>
public interface ISearchSpace<TArchitecture>
{
    /// <summary>The choices, in encoding order.</summary>
    IReadOnlyList<SearchChoice> Choices { get; }

    /// <summary>Draws one candidate per choice uniformly with <paramref name="random"/> (the caller owns the seed).</summary>
    TArchitecture Sample(Random random);

    /// <summary>Problems that keep <paramref name="architecture"/> out of this space (empty when it belongs).</summary>
    IReadOnlyList<string> Validate(TArchitecture architecture);

    /// <summary>Candidate index per choice.</summary>
    /// <exception cref="ArgumentException">The architecture is not in the space.</exception>
    int[] Encode(TArchitecture architecture);

    /// <summary>The architecture with candidate <c>indices[c]</c> for choice c.</summary>
    TArchitecture Decode(IReadOnlyList<int> indices);

    /// <summary>Builds the fixed network of <paramref name="architecture"/> (weights drawn from TorchSharp's global
    /// generator: wrap in <see cref="SeededTorch.Create{T}"/> for reproducible weights).</summary>
    CtrModule Build(TArchitecture architecture);
}

using Rankitect.SearchSpaces.Modules;

namespace Rankitect.SearchSpaces.Abstractions;

/// <summary>
/// The TorchSharp side of a search space: the fixed network of one architecture and the weight-sharing supernet
/// that holds them all. Architectures are candidate indices, one per choice of the space's <see cref="ISearchSpace"/>.
/// </summary>
public interface INetworkBuilder
{
    /// <summary>Builds the fixed, exportable network of <paramref name="indices"/> with fresh weights (drawn from
    /// TorchSharp's global generator: wrap in <see cref="SeededTorch.Create{T}"/> for reproducible weights).</summary>
    CtrModule Build(IReadOnlyList<int> indices);

    /// <summary>Builds the weight-sharing supernet that holds every architecture of the space.</summary>
    CtrSupernet CreateSupernet();
}

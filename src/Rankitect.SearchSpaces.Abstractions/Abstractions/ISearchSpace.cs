namespace Rankitect.SearchSpaces.Abstractions;

/// <summary>
/// A search space as data: named choices with finite candidate lists, and an architecture is one candidate index per
/// choice. This is everything a strategy needs to sample, mutate, check, describe and store architectures; it names
/// no TorchSharp type. Costs (<see cref="IHasCost"/>) and networks (the <c>INetworkBuilder</c> of
/// Rankitect.SearchSpaces) are separate capabilities.
/// </summary>
public interface ISearchSpace
{
    /// <summary>Short name of the space, e.g. <c>dlrm</c> or <c>block-small</c>.</summary>
    string Name { get; }

    /// <summary>The input shape the space's networks are built for.</summary>
    CtrFeatureShape Shape { get; }

    /// <summary>The choices, in encoding order.</summary>
    IReadOnlyList<SearchChoice> Choices { get; }

    /// <summary>Draws a uniformly random architecture with <paramref name="random"/> (the caller owns the seed).</summary>
    int[] Sample(Random random);

    /// <summary>Problems that keep <paramref name="indices"/> from being an architecture of this space (empty when it is one).</summary>
    IReadOnlyList<string> Check(IReadOnlyList<int> indices);

    /// <summary>A short readable description of <paramref name="indices"/>, e.g. for logs and reports.</summary>
    string Describe(IReadOnlyList<int> indices);

    /// <summary>The architecture as JSON; <see cref="FromJson"/> of it gives back the same indices.</summary>
    string ToJson(IReadOnlyList<int> indices);

    /// <summary>The indices of an architecture written by <see cref="ToJson"/>.</summary>
    /// <exception cref="ArgumentException">The JSON is malformed or not an architecture of this space.</exception>
    int[] FromJson(string json);
}

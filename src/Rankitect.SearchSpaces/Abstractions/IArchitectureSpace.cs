using Rankitect.SearchSpaces.Cost;
using Rankitect.SearchSpaces.Modules;

namespace Rankitect.SearchSpaces.Abstractions;

/// <summary>
/// A search space as every strategy sees it: named choices with finite candidate lists, and an architecture is one
/// candidate index per choice. Strategies never look inside an architecture; they sample, mutate and mix indices,
/// and ask the space for costs, networks, a weight-sharing supernet and a JSON form. The DLRM space and the block
/// spaces both implement it, so random search, evolution, one-shot and DNAS run on either unchanged.
/// </summary>
public interface IArchitectureSpace
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

    /// <summary>The space's analytic cost formula in <paramref name="algebra"/>'s arithmetic: exact numbers for one
    /// architecture (<see cref="ArchitectureAlgebra"/>), the differentiable expectation under per-choice probabilities
    /// (<see cref="TensorCostAlgebra"/>) for DNAS.</summary>
    CostTerms<T> Cost<T>(ICostAlgebra<T> algebra);

    /// <summary>Builds the fixed, exportable network of <paramref name="indices"/> with fresh weights (drawn from
    /// TorchSharp's global generator: wrap in <see cref="SeededTorch.Create{T}"/> for reproducible weights).</summary>
    CtrModule Build(IReadOnlyList<int> indices);

    /// <summary>Builds the weight-sharing supernet that holds every architecture of the space.</summary>
    CtrSupernet CreateSupernet();

    /// <summary>A short readable description of <paramref name="indices"/>, e.g. for logs and reports.</summary>
    string Describe(IReadOnlyList<int> indices);

    /// <summary>The architecture as JSON; <see cref="FromJson"/> of it gives back the same indices.</summary>
    string ToJson(IReadOnlyList<int> indices);

    /// <summary>The indices of an architecture written by <see cref="ToJson"/>.</summary>
    /// <exception cref="ArgumentException">The JSON is malformed or not an architecture of this space.</exception>
    int[] FromJson(string json);
}

/// <summary>Helpers every <see cref="IArchitectureSpace"/> gets.</summary>
public static class ArchitectureSpaceExtensions
{
    /// <summary>The exact cost of one architecture.</summary>
    public static ArchitectureCost CostOf(this IArchitectureSpace space, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(space);
        space.ThrowIfInvalid(indices);
        var terms = space.Cost(new ArchitectureAlgebra(indices));
        return new ArchitectureCost((long)Math.Round(terms.Flops), (long)Math.Round(terms.Parameters),
            (long)Math.Round(terms.EmbeddingRows), (long)Math.Round(terms.EmbeddingBytes));
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing the problems when <paramref name="indices"/> is not an
    /// architecture of <paramref name="space"/>.</summary>
    public static void ThrowIfInvalid(this IArchitectureSpace space, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var errors = space.Check(indices);
        if (errors.Count > 0)
            throw new ArgumentException($"Not an architecture of the '{space.Name}' space: " + string.Join(" ", errors), nameof(indices));
    }

    /// <summary>Problems common to every space: one index per choice, each inside its choice's candidate range.</summary>
    public static List<string> CheckRanges(this IArchitectureSpace space, IReadOnlyList<int> indices)
    {
        var errors = new List<string>();
        if (indices is null) { errors.Add("The indices are missing."); return errors; }
        var choices = space.Choices;
        if (indices.Count != choices.Count)
        {
            errors.Add($"{indices.Count} indices for {choices.Count} choices.");
            return errors;
        }
        for (int c = 0; c < choices.Count; c++)
            if (indices[c] < 0 || indices[c] >= choices[c].Count)
                errors.Add($"Index {indices[c]} of choice {choices[c].Name} is outside 0..{choices[c].Count - 1}.");
        return errors;
    }
}

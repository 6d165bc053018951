using Rankitect.SearchSpaces.Cost;

namespace Rankitect.SearchSpaces.Abstractions;

/// <summary>Helpers every search space gets: checks on any <see cref="ISearchSpace"/>, exact costs on any
/// <see cref="IHasCost"/>.</summary>
public static class ArchitectureSpaceExtensions
{
    /// <summary>The exact cost of one architecture.</summary>
    public static ArchitectureCost CostOf(this IHasCost space, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(space);
        space.ThrowIfInvalid(indices);
        var terms = space.Cost(new ArchitectureAlgebra(indices));
        return new ArchitectureCost((long)Math.Round(terms.Flops), (long)Math.Round(terms.Parameters),
            (long)Math.Round(terms.EmbeddingRows), (long)Math.Round(terms.EmbeddingBytes));
    }

    /// <summary>Throws an <see cref="ArgumentException"/> listing the problems when <paramref name="indices"/> is not an
    /// architecture of <paramref name="space"/>.</summary>
    public static void ThrowIfInvalid(this ISearchSpace space, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var errors = space.Check(indices);
        if (errors.Count > 0)
            throw new ArgumentException($"Not an architecture of the '{space.Name}' space: " + string.Join(" ", errors), nameof(indices));
    }

    /// <summary>Problems common to every space: one index per choice, each inside its choice's candidate range.</summary>
    public static List<string> CheckRanges(this ISearchSpace space, IReadOnlyList<int> indices)
        => CheckRanges(space.Choices, indices);

    /// <summary>Problems that keep <paramref name="indices"/> from being one candidate index per choice of
    /// <paramref name="choices"/> (any list of choices, e.g. a training sub-space's).</summary>
    public static List<string> CheckRanges(IReadOnlyList<SearchChoice> choices, IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var errors = new List<string>();
        if (indices is null) { errors.Add("The indices are missing."); return errors; }
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

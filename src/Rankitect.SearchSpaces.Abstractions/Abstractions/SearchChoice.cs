using System.Globalization;

namespace Rankitect.SearchSpaces.Abstractions;

/// <summary>
/// One named decision of a search space with a finite list of candidates (NNI's <c>LayerChoice</c>/<c>nni.choice</c>
/// as plain data). Strategies see only the name and the candidate count; the space maps a candidate index to a value.
/// </summary>
public abstract class SearchChoice
{
    /// <summary>Creates a choice.</summary>
    protected SearchChoice(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>Unique name within its space, e.g. <c>bottom.0</c> or <c>emb_dim.3</c>.</summary>
    public string Name { get; }

    /// <summary>Number of candidates (at least one).</summary>
    public abstract int Count { get; }

    /// <summary>Readable text of candidate <paramref name="index"/>.</summary>
    public abstract string Label(int index);

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {{{string.Join(", ", Enumerable.Range(0, Count).Select(Label))}}}";
}

/// <summary>A choice among values of type <typeparamref name="T"/>.</summary>
public sealed class SearchChoice<T> : SearchChoice where T : notnull
{
    private readonly Func<T, string> _label;

    /// <summary>Creates a choice among <paramref name="candidates"/> (distinct, at least one).</summary>
    /// <param name="name">Unique name within the space.</param>
    /// <param name="candidates">The values, in a fixed order (the order is part of the space's encoding).</param>
    /// <param name="label">Text of a value; default: invariant-culture <c>ToString</c>.</param>
    public SearchChoice(string name, IEnumerable<T> candidates, Func<T, string>? label = null) : base(name)
    {
        Candidates = candidates.ToArray();
        if (Candidates.Count == 0)
            throw new ArgumentException($"Choice '{name}' has no candidates.", nameof(candidates));
        if (Candidates.Distinct().Count() != Candidates.Count)
            throw new ArgumentException($"Choice '{name}' has duplicate candidates.", nameof(candidates));
        _label = label ?? (v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "");
    }

    /// <summary>The candidate values.</summary>
    public IReadOnlyList<T> Candidates { get; }

    /// <inheritdoc/>
    public override int Count => Candidates.Count;

    /// <inheritdoc/>
    public override string Label(int index) => _label(Candidates[index]);

    /// <summary>Index of <paramref name="value"/>, or -1 when it is not a candidate.</summary>
    public int IndexOf(T value)
    {
        for (int i = 0; i < Candidates.Count; i++)
            if (EqualityComparer<T>.Default.Equals(Candidates[i], value))
                return i;
        return -1;
    }
}

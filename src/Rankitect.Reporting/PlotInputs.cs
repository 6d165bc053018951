namespace Rankitect.Reporting;

/// <summary>An evaluated architecture that can be drawn: finite NE, FLOPs mapped to the log axis.</summary>
internal sealed record PlottedPoint(EvaluatedArchitecture Source, double LogFlops);

/// <summary>A baseline that can be drawn; <see cref="LogFlops"/> is null for a line-only baseline.</summary>
internal sealed record PlottedBaseline(string Name, double Ne, double? LogFlops);

/// <summary>
/// The report data reduced to what the plots can draw, plus a note for everything left out or moved,
/// so a reader is never silently shown less than the tables list.
/// </summary>
internal sealed class PlotInputs
{
    private PlotInputs(
        IReadOnlyList<string> strategies,
        IReadOnlyList<PlottedPoint> points,
        IReadOnlyList<PlottedBaseline> baselines,
        IReadOnlyList<PlottedPoint> chosen,
        IReadOnlyList<string> notes)
    {
        Strategies = strategies;
        Points = points;
        Baselines = baselines;
        Chosen = chosen;
        Notes = notes;
    }

    /// <summary>Strategy names in order of first appearance; the index picks the colour.</summary>
    public IReadOnlyList<string> Strategies { get; }

    /// <summary>Evaluated architectures with a finite NE.</summary>
    public IReadOnlyList<PlottedPoint> Points { get; }

    /// <summary>Baselines with a finite NE.</summary>
    public IReadOnlyList<PlottedBaseline> Baselines { get; }

    /// <summary>Drawable points whose architecture is the chosen one (several when it was evaluated at several fidelities).</summary>
    public IReadOnlyList<PlottedPoint> Chosen { get; }

    /// <summary>Human-readable notes about skipped or clamped values.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Plottable frontier points in FLOPs order (ties by NE), the order the step line connects them.</summary>
    public IReadOnlyList<PlottedPoint> Frontier =>
        Points.Where(p => p.Source.OnFrontier)
            .OrderBy(p => p.LogFlops)
            .ThenBy(p => p.Source.ValidationNe)
            .ToList();

    /// <summary>Index of a strategy in <see cref="Strategies"/>.</summary>
    public int StrategyIndex(string strategy)
    {
        for (int i = 0; i < Strategies.Count; i++)
            if (string.Equals(Strategies[i], strategy, StringComparison.Ordinal))
                return i;
        return -1;
    }

    /// <summary>Filters and clamps <paramref name="data"/> for plotting and records why.</summary>
    public static PlotInputs From(SearchReportData data)
    {
        var notes = new List<string>();
        var strategies = data.Evaluated.Select(e => e.Strategy).Distinct(StringComparer.Ordinal).ToList();

        var points = data.Evaluated
            .Where(e => double.IsFinite(e.ValidationNe))
            .Select(e => new PlottedPoint(e, ToLogFlops(e.Flops)))
            .ToList();

        int nonFinite = data.Evaluated.Count - points.Count;
        if (nonFinite > 0)
            notes.Add($"{Plural(nonFinite, "evaluated architecture")} with a non-finite validation NE (NaN or infinity) "
                + "left out of the plots; the table of all evaluated architectures still lists them.");

        int clamped = points.Count(p => p.Source.Flops < 1);
        if (clamped > 0)
            notes.Add($"{Plural(clamped, "evaluated architecture")} with fewer than 1 FLOP per example drawn at 1 FLOP, "
                + "because a log axis cannot show 0; the tables give the reported value.");

        int noTime = points.Count(p => !double.IsFinite(p.Source.Seconds));
        if (noTime > 0)
            notes.Add($"{Plural(noTime, "evaluated architecture")} with a non-finite elapsed time left out of the search curves.");

        var baselines = new List<PlottedBaseline>();
        foreach (var baseline in data.Baselines)
        {
            if (!double.IsFinite(baseline.Ne))
            {
                notes.Add($"Baseline \u201c{baseline.Name}\u201d has a non-finite NE and is not drawn.");
                continue;
            }
            if (baseline.Flops is < 1)
                notes.Add($"Baseline \u201c{baseline.Name}\u201d has fewer than 1 FLOP per example and is drawn at 1 FLOP.");
            double? logFlops = baseline.Flops is { } flops ? ToLogFlops(flops) : null;
            baselines.Add(new PlottedBaseline(baseline.Name, baseline.Ne, logFlops));
        }

        var chosen = data.ChosenArchitecture is null
            ? []
            : points.Where(p => string.Equals(p.Source.Architecture, data.ChosenArchitecture, StringComparison.Ordinal)).ToList();
        if (data.ChosenArchitecture is not null && chosen.Count == 0)
            notes.Add("The chosen architecture is not among the evaluated architectures with a finite NE, so the Pareto plot does not highlight it.");

        return new PlotInputs(strategies, points, baselines, chosen, notes);
    }

    /// <summary>FLOPs to the log10 axis; below 1 is clamped to 1 because log10(0) is -infinity.</summary>
    public static double ToLogFlops(long flops) => Math.Log10(Math.Max(flops, 1L));

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}

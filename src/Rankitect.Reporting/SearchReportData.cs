namespace Rankitect.Reporting;

/// <summary>Everything a search report shows. Plain data: build it from any search run.</summary>
/// <param name="Title">Page title and main heading.</param>
/// <param name="Dataset">Name or description of the data set the search ran on.</param>
/// <param name="Evaluated">Every evaluated architecture of every strategy, in any order.</param>
/// <param name="Baselines">Reference models drawn on the Pareto plot and listed in a table.</param>
/// <param name="ChosenArchitecture">
/// The architecture text of the model the search finally chose (matched against
/// <see cref="EvaluatedArchitecture.Architecture"/>), highlighted in the Pareto plot; <see langword="null"/> for none.
/// </param>
/// <param name="Settings">Search settings, shown as a two-column table in the dictionary's enumeration order.</param>
/// <param name="Tables">Optional further tables, for example the final test metrics per strategy.</param>
public sealed record SearchReportData(
    string Title,
    string Dataset,
    IReadOnlyList<EvaluatedArchitecture> Evaluated,
    IReadOnlyList<BaselinePoint> Baselines,
    string? ChosenArchitecture,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyList<MetricsTable>? Tables = null);

namespace Rankitect.Reporting;

/// <summary>A small table of numbers, for example the final test metrics of each strategy's chosen model.</summary>
/// <param name="Title">Heading shown above the table.</param>
/// <param name="Columns">Column headings after the row-name column, for example "test NE", "AUC".</param>
/// <param name="Rows">Rows; a row with fewer values than columns leaves the remaining cells empty.</param>
public sealed record MetricsTable(string Title, IReadOnlyList<string> Columns, IReadOnlyList<MetricsRow> Rows);

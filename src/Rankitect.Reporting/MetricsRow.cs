namespace Rankitect.Reporting;

/// <summary>One row of a <see cref="MetricsTable"/>: a name and one value per column.</summary>
/// <param name="Name">Row label, for example a strategy or model name.</param>
/// <param name="Values">Values in the order of <see cref="MetricsTable.Columns"/>; non-finite values print as such.</param>
public sealed record MetricsRow(string Name, IReadOnlyList<double> Values);

using Microsoft.ML;

namespace Rankitect.Bench.Datasets;

/// <summary>One data set of a suite: its rows, and for synthetic data the column that holds the true click
/// probability (so the suite can report the Bayes-optimal NE of the test split).</summary>
/// <param name="Name">Name in the report, e.g. <c>criteo_kaggle_head8k</c>.</param>
/// <param name="Data">The rows: "Label" plus feature columns.</param>
/// <param name="TrueProbabilityColumn">Column with the true click probability (synthetic data only), which models must not read.</param>
/// <param name="Description">How the layout was read (files, label rule, features), for the report.</param>
public sealed record BenchDataset(string Name, IDataView Data, string? TrueProbabilityColumn, string Description);

/// <summary>A folder the catalog found: either a loader for its layout, or why it is skipped.</summary>
public sealed record DatasetEntry(string Name, Func<long, BenchDataset>? Load, string? SkipReason)
{
    public bool Skipped => Load is null;
}

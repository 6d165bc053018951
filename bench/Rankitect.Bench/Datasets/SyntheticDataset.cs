using Rankitect.Data.Synthetic;

namespace Rankitect.Bench.Datasets;

/// <summary>The synthetic generator (seed 1, Criteo-shaped: 13 dense + 26 categorical) as a suite data set; by default
/// with its true click probabilities, so a suite can report the Bayes-optimal NE of its test rows.</summary>
public static class SyntheticDataset
{
    /// <param name="rows">Rows generated.</param>
    /// <param name="withTruth">Include the true-probability column (for suites that featurize the view themselves
    /// without ignoring it, leave it out).</param>
    public static DatasetEntry Entry(long rows, bool withTruth = true) => new($"synthetic_criteo_{rows}", _ => Create(rows, withTruth), null);

    public static BenchDataset Create(long rows, bool withTruth = true)
    {
        var generator = new SyntheticCtrGenerator(new SyntheticCtrOptions { RowCount = rows, Seed = 1 });
        return new BenchDataset($"synthetic_criteo_{rows}", generator.ToDataView(includeTrueProbability: withTruth),
            withTruth ? SyntheticCtrGenerator.TrueProbabilityColumnName : null, $"synthetic generator (seed 1), {rows:N0} rows, 13 dense + 26 categorical");
    }
}

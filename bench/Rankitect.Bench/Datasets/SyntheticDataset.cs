using Rankitect.Data.Synthetic;

namespace Rankitect.Bench.Datasets;

/// <summary>The synthetic generator (seed 1, Criteo-shaped: 13 dense + 26 categorical) as a suite data set, with its
/// true click probabilities so a suite can report the Bayes-optimal NE of its test rows.</summary>
public static class SyntheticDataset
{
    public static DatasetEntry Entry(long rows) => new($"synthetic_criteo_{rows}", _ => Create(rows), null);

    public static BenchDataset Create(long rows)
    {
        var generator = new SyntheticCtrGenerator(new SyntheticCtrOptions { RowCount = rows, Seed = 1 });
        return new BenchDataset($"synthetic_criteo_{rows}", generator.ToDataView(includeTrueProbability: true),
            SyntheticCtrGenerator.TrueProbabilityColumnName, $"synthetic generator (seed 1), {rows:N0} rows, 13 dense + 26 categorical");
    }
}

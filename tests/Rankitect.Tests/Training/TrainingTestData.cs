using Microsoft.ML;
using Rankitect.Data.Synthetic;
using Rankitect.Training;

namespace Rankitect.Tests.Training;

/// <summary>Small synthetic CTR data with strong planted interactions, prepared once per test class.</summary>
public sealed class TrainingTestData
{
    public TrainingTestData()
    {
        Options = new SyntheticCtrOptions
        {
            Seed = 7, DenseFieldCount = 4, CategoricalFieldCount = 6, MinCardinality = 5, MaxCardinality = 60,
            NoiseDenseFieldCount = 1, NoiseCategoricalFieldCount = 1, InteractionCount = 6, InteractionStrength = 1.5,
            NegativeDenseFieldCount = 0,
        };
        var ml = new MLContext(1);
        IDataView Rows(long first, long count) => new SyntheticCtrGenerator(Clone(first, count)).ToDataView();
        // Training, validation and test rows are disjoint ranges of the same ground truth.
        Test = new SyntheticCtrGenerator(Clone(1_000_000, 10_000));
        Data = PreparedCtrData.Prepare(ml, Rows(0, 24_000), Rows(500_000, 4_000), Test.ToDataView());
    }

    public SyntheticCtrOptions Options { get; }
    public SyntheticCtrGenerator Test { get; }
    public PreparedCtrData Data { get; }

    private SyntheticCtrOptions Clone(long first, long count) => new()
    {
        Seed = Options.Seed, DenseFieldCount = Options.DenseFieldCount, CategoricalFieldCount = Options.CategoricalFieldCount,
        MinCardinality = Options.MinCardinality, MaxCardinality = Options.MaxCardinality,
        NoiseDenseFieldCount = Options.NoiseDenseFieldCount, NoiseCategoricalFieldCount = Options.NoiseCategoricalFieldCount,
        InteractionCount = Options.InteractionCount, InteractionStrength = Options.InteractionStrength,
        NegativeDenseFieldCount = Options.NegativeDenseFieldCount, FirstRow = first, RowCount = count,
    };
}

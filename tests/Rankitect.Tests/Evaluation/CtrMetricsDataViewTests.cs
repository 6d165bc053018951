using Microsoft.ML;
using Rankitect.Evaluation;

namespace Rankitect.Tests.Evaluation;

public sealed class CtrMetricsDataViewTests
{
    private sealed class ScoredRow
    {
        public bool Label { get; set; }
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }

    private sealed class SingleLabelRow
    {
        public float Target { get; set; }
        public float Prob { get; set; }
    }

    private sealed class DoubleProbabilityRow
    {
        public bool Label { get; set; }
        public double Probability { get; set; }
    }

    // Probabilities stay inside (0.01, 0.99), far from either library's handling of 0 and 1.
    private static ScoredRow[] RandomRows(int count, int seed, bool onGrid)
    {
        var random = new Random(seed);
        var rows = new ScoredRow[count];
        for (int i = 0; i < count; i++)
        {
            // On a 1/100 grid many rows share a probability, which exercises tie handling in both AUCs.
            double p = onGrid ? random.Next(2, 99) / 100.0 : 0.01 + 0.98 * random.NextDouble();
            float probability = (float)p;
            rows[i] = new ScoredRow
            {
                Label = random.NextDouble() < p * p + 0.1,
                Probability = probability,
                // ML.NET ranks by Score, Rankitect by Probability: a strictly increasing map keeps the order and ties.
                Score = (float)Math.Log(probability / (1.0 - probability)),
                PredictedLabel = probability > 0.5f,
            };
        }
        return rows;
    }

    [Theory]
    [InlineData(3000, 11, false)]
    [InlineData(5000, 12, true)]
    [InlineData(4000, 13, true)]
    public void AgreesWithMlNetBinaryClassificationEvaluate(int count, int seed, bool onGrid)
    {
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromEnumerable(RandomRows(count, seed, onGrid));

        var reference = ml.BinaryClassification.Evaluate(data);
        var ours = CtrMetrics.Compute(data);

        Assert.Equal(count, ours.Count);
        Assert.Equal(reference.LogLossReduction, 1 - ours.NormalizedEntropy, 1e-6);
        Assert.Equal(reference.AreaUnderRocCurve, ours.Auc, 1e-6);
        // ML.NET reports log loss and entropy in bits.
        Assert.Equal(reference.LogLoss, ours.LogLoss / Math.Log(2), 1e-6);
        Assert.Equal(reference.Entropy, CtrMetrics.BinaryEntropy(ours.PositiveRate) / Math.Log(2), 1e-6);
    }

    [Fact]
    public void DataView_BooleanLabel_MatchesSpanCompute()
    {
        var ml = new MLContext(seed: 0);
        var rows = RandomRows(500, 5, onGrid: true);
        var fromView = CtrMetrics.Compute(ml.Data.LoadFromEnumerable(rows));
        var fromSpans = CtrMetrics.Compute(
            rows.Select(r => r.Label ? 1f : 0f).ToArray(), rows.Select(r => r.Probability).ToArray());
        Assert.Equal(fromSpans, fromView);
    }

    [Fact]
    public void DataView_SingleLabelAndCustomColumnNames()
    {
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromEnumerable(new[]
        {
            new SingleLabelRow { Target = 1, Prob = 0.8f },
            new SingleLabelRow { Target = 0, Prob = 0.4f },
            new SingleLabelRow { Target = 1, Prob = 0.6f },
            new SingleLabelRow { Target = 0, Prob = 0.2f },
        });
        var m = CtrMetrics.Compute(data, labelColumnName: "Target", probabilityColumnName: "Prob");
        Assert.Equal(4, m.Count);
        Assert.Equal(1.0, m.Auc);
        Assert.Equal(0.5294468445267843, m.NormalizedEntropy, 1e-7);
    }

    [Fact]
    public void DataView_MissingColumn_ErrorNamesColumn()
    {
        var data = new MLContext(seed: 0).Data.LoadFromEnumerable(RandomRows(10, 1, onGrid: false));
        var ex = Assert.Throws<ArgumentException>(() => CtrMetrics.Compute(data, probabilityColumnName: "Prediction"));
        Assert.Contains("'Prediction'", ex.Message);
        Assert.Equal("probabilityColumnName", ex.ParamName);

        ex = Assert.Throws<ArgumentException>(() => CtrMetrics.Compute(data, labelColumnName: "Clicked"));
        Assert.Contains("'Clicked'", ex.Message);
        Assert.Equal("labelColumnName", ex.ParamName);
    }

    [Fact]
    public void DataView_WrongColumnType_ErrorNamesColumn()
    {
        var ml = new MLContext(seed: 0);
        var data = ml.Data.LoadFromEnumerable(new[] { new DoubleProbabilityRow { Label = true, Probability = 0.5 } });
        var ex = Assert.Throws<ArgumentException>(() => CtrMetrics.Compute(data));
        Assert.Contains("'Probability'", ex.Message);
        Assert.Contains("Double", ex.Message);

        var floatData = ml.Data.LoadFromEnumerable(RandomRows(10, 1, onGrid: false));
        ex = Assert.Throws<ArgumentException>(() => CtrMetrics.Compute(floatData, labelColumnName: "Probability", probabilityColumnName: "PredictedLabel"));
        Assert.Contains("'PredictedLabel'", ex.Message);
    }

    [Fact]
    public void DataView_InvalidValue_ErrorNamesRowAndColumn()
    {
        var data = new MLContext(seed: 0).Data.LoadFromEnumerable(new[]
        {
            new SingleLabelRow { Target = 1, Prob = 0.8f },
            new SingleLabelRow { Target = 3, Prob = 0.4f },
        });
        var ex = Assert.Throws<ArgumentException>(() => CtrMetrics.Compute(data, "Target", "Prob"));
        Assert.Contains("Row 1 of column 'Target'", ex.Message);
        Assert.Contains("3", ex.Message);
    }
}

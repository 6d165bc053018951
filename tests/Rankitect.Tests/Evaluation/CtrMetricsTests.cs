using Rankitect.Evaluation;

namespace Rankitect.Tests.Evaluation;

public sealed class CtrMetricsTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void SeparableExample_MatchesHandComputedValues()
    {
        // y = [1, 0, 1, 0], p = [0.8, 0.4, 0.6, 0.2]
        // per-row loss: -ln 0.8, -ln 0.6, -ln 0.6, -ln 0.8  => LogLoss = -(ln 0.8 + ln 0.6) / 2 = 0.3669845875401002
        // pbar = 0.5, H = ln 2 = 0.6931471805599453     => NE = 0.5294468445267843
        // every positive (0.8, 0.6) is above every negative (0.4, 0.2) => AUC = 1
        // mean p = 2.0 / 4 = 0.5, mean y = 0.5             => Calibration = 1
        var m = CtrMetrics.Compute([1, 0, 1, 0], [0.8f, 0.4f, 0.6f, 0.2f]);

        Assert.Equal(4, m.Count);
        Assert.Equal(0.5, m.PositiveRate, Tolerance);
        Assert.Equal(0.3669845875401002, m.LogLoss, 1e-7); // float inputs: 0.8f is not exactly 0.8
        Assert.Equal(0.5294468445267843, m.NormalizedEntropy, 1e-7);
        Assert.Equal(1.0, m.Auc, Tolerance);
        Assert.Equal(1.0, m.Calibration, 1e-7);
    }

    [Fact]
    public void ExampleWithTies_MatchesHandComputedValues()
    {
        // y = [1, 1, 0, 0, 0], p = [0.5, 0.25, 0.5, 0.25, 0.125] (all exact in binary)
        // LogLoss = -(ln .5 + ln .25 + ln .5 + ln .75 + ln .875) / 5 = 0.638760437463217
        // pbar = 0.4, H(0.4) = -(0.4 ln 0.4 + 0.6 ln 0.6) = 0.6730116670092565 => NE = 0.9491075248394343
        // AUC by average ranks: sorted .125(N) rank 1; .25(P,N) ranks 2,3 -> 2.5; .5(P,N) ranks 4,5 -> 4.5
        //   R_pos = 2.5 + 4.5 = 7, U = 7 - 2*3/2 = 4, AUC = 4 / (2*3) = 0.6666666666666666
        // Calibration = mean p / mean y = (1.625 / 5) / 0.4 = 0.8125
        var m = CtrMetrics.Compute([1, 1, 0, 0, 0], [0.5f, 0.25f, 0.5f, 0.25f, 0.125f]);

        Assert.Equal(0.4, m.PositiveRate, Tolerance);
        Assert.Equal(0.638760437463217, m.LogLoss, Tolerance);
        Assert.Equal(0.9491075248394343, m.NormalizedEntropy, Tolerance);
        Assert.Equal(4.0 / 6.0, m.Auc, Tolerance);
        Assert.Equal(0.8125, m.Calibration, Tolerance);
    }

    [Fact]
    public void AllEqualScores_GiveAucOneHalf_AndBaseRatePredictionGivesNeOne()
    {
        // Predicting the set's own base rate (3 of 8 positive) for every row: LogLoss = H(pbar), so NE = 1;
        // every positive-negative pair is a tie, so AUC = 1/2.
        float[] labels = [1, 0, 0, 1, 0, 0, 1, 0];
        var probabilities = Enumerable.Repeat(0.375f, labels.Length).ToArray();

        var m = CtrMetrics.Compute(labels, probabilities);

        Assert.Equal(0.5, m.Auc, Tolerance);
        Assert.Equal(1.0, m.NormalizedEntropy, Tolerance);
        Assert.Equal(CtrMetrics.BinaryEntropy(0.375), m.LogLoss, Tolerance);
        Assert.Equal(1.0, m.Calibration, Tolerance);
    }

    [Fact]
    public void ReversedRanking_GivesAucZero()
    {
        var m = CtrMetrics.Compute([0, 0, 1, 1], [0.9f, 0.8f, 0.2f, 0.1f]);
        Assert.Equal(0.0, m.Auc, Tolerance);
    }

    [Fact]
    public void Auc_AgreesWithPairwiseCountOnRandomDataWithManyTies()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 20; trial++)
        {
            int n = 50 + trial * 10;
            var labels = new float[n];
            var probabilities = new float[n];
            for (int i = 0; i < n; i++)
            {
                probabilities[i] = random.Next(0, 9) / 8f; // 9 distinct values: many ties
                labels[i] = random.NextDouble() < 0.2 + 0.6 * probabilities[i] ? 1 : 0;
            }
            labels[0] = 1;
            labels[1] = 0;

            double wins = 0, pairs = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    if (labels[i] == 1 && labels[j] == 0)
                    {
                        pairs++;
                        wins += probabilities[i] > probabilities[j] ? 1 : probabilities[i] == probabilities[j] ? 0.5 : 0;
                    }

            Assert.Equal(wins / pairs, CtrMetrics.Compute(labels, probabilities).Auc, Tolerance);
        }
    }

    [Fact]
    public void OneClassOnly_GivesNaNWithoutThrowing()
    {
        var positives = CtrMetrics.Compute([1, 1, 1], [0.2f, 0.5f, 0.9f]);
        Assert.Equal(1.0, positives.PositiveRate);
        Assert.True(double.IsNaN(positives.NormalizedEntropy));
        Assert.True(double.IsNaN(positives.Auc));
        Assert.False(double.IsNaN(positives.LogLoss));
        Assert.Equal((0.2 + 0.5 + 0.9) / 3, positives.Calibration, 1e-7);

        var negatives = CtrMetrics.Compute([0, 0], [0.2f, 0.4f]);
        Assert.True(double.IsNaN(negatives.NormalizedEntropy));
        Assert.True(double.IsNaN(negatives.Auc));
        Assert.True(double.IsNaN(negatives.Calibration));
    }

    [Fact]
    public void EmptyInput_GivesCountZeroAndNaN()
    {
        var m = CtrMetrics.Compute(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty);
        Assert.Equal(0, m.Count);
        Assert.True(double.IsNaN(m.LogLoss));
        Assert.True(double.IsNaN(m.NormalizedEntropy));
        Assert.True(double.IsNaN(m.Auc));
        Assert.True(double.IsNaN(m.Calibration));
    }

    [Fact]
    public void ProbabilitiesAreClampedInLogLossOnly()
    {
        // y = [1, 0], p = [0, 0]: the positive costs -ln(1e-7) = 16.11809565095832 instead of infinity,
        // the negative -ln(1 - 1e-7) ≈ 1e-7; LogLoss = 8.059047875479163.
        var m = CtrMetrics.Compute([1, 0], [0f, 0f]);
        Assert.Equal(1e-7, CtrMetrics.ProbabilityClamp);
        Assert.Equal(8.059047875479163, m.LogLoss, 1e-12);
        Assert.Equal(0.0, m.Calibration); // unclamped: mean p = 0
        Assert.Equal(0.5, m.Auc);

        var confident = CtrMetrics.Compute([0, 1], [1f, 1f]);
        Assert.Equal(8.059047875479163, confident.LogLoss, 1e-9);
    }

    [Fact]
    public void BinaryEntropy_IsInNats()
    {
        Assert.Equal(Math.Log(2), CtrMetrics.BinaryEntropy(0.5), Tolerance);
        Assert.Equal(0.0, CtrMetrics.BinaryEntropy(0));
        Assert.Equal(0.0, CtrMetrics.BinaryEntropy(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CtrMetrics.BinaryEntropy(1.5));
    }

    [Theory]
    [InlineData(2f)]
    [InlineData(-1f)]
    [InlineData(0.5f)]
    [InlineData(float.NaN)]
    public void InvalidLabel_ThrowsNamingIndexAndValue(float bad)
    {
        var ex = Assert.Throws<ArgumentException>(() => CtrMetrics.Compute([0, 1, bad], [0.1f, 0.2f, 0.3f]));
        Assert.Contains("labels[2]", ex.Message);
        Assert.Contains(bad.ToString(), ex.Message);
        Assert.Equal("labels", ex.ParamName);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(1.5f)]
    [InlineData(-0.25f)]
    [InlineData(float.PositiveInfinity)]
    public void InvalidProbability_ThrowsNamingIndexAndValue(float bad)
    {
        var ex = Assert.Throws<ArgumentException>(() => CtrMetrics.Compute([0, 1, 1], [0.1f, bad, 0.3f]));
        Assert.Contains("probabilities[1]", ex.Message);
        Assert.Contains(bad.ToString(), ex.Message);
        Assert.Equal("probabilities", ex.ParamName);
    }

    [Fact]
    public void LengthMismatch_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => CtrMetrics.Compute([0, 1], [0.5f]));
        Assert.Contains("2", ex.Message);
        Assert.Contains("1", ex.Message);
    }

    [Fact]
    public void ReferenceNe_IsComputeOnTrueProbabilities()
    {
        // With labels drawn from known probabilities, those probabilities beat any distorted version of them.
        var random = new Random(3);
        int n = 20_000;
        var truth = new float[n];
        var labels = new float[n];
        var distorted = new float[n];
        for (int i = 0; i < n; i++)
        {
            truth[i] = (float)(0.02 + 0.5 * random.NextDouble() * random.NextDouble());
            labels[i] = random.NextDouble() < truth[i] ? 1 : 0;
            distorted[i] = MathF.Min(0.99f, truth[i] * 1.5f);
        }

        double bayesNe = CtrMetrics.Compute(labels, truth).NormalizedEntropy;
        Assert.InRange(bayesNe, 0.5, 1.0);
        Assert.True(bayesNe < CtrMetrics.Compute(labels, distorted).NormalizedEntropy);
    }

    [Fact]
    public void Metrics_AreImmutableValues()
    {
        var a = CtrMetrics.Compute([1, 0], [0.6f, 0.3f]);
        var b = CtrMetrics.Compute([1, 0], [0.6f, 0.3f]);
        Assert.Equal(a, b);
        Assert.Contains("NormalizedEntropy", a.ToString());
    }
}

public sealed class PairedComparisonTests
{
    [Fact]
    public void A_better_candidate_has_a_positive_mean_and_identical_predictions_have_none()
    {
        float[] labels = [1, 0, 1, 0, 1, 0, 0, 0];
        float[] baseline = [0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f];
        float[] candidate = [0.7f, 0.3f, 0.6f, 0.4f, 0.8f, 0.2f, 0.3f, 0.4f];

        var better = Rankitect.Evaluation.PairedComparison.Of(labels, baseline, candidate);
        var same = Rankitect.Evaluation.PairedComparison.Of(labels, baseline, baseline);

        double expected = labels.Select((y, i) => (y == 1 ? -Math.Log(0.5) + Math.Log(candidate[i]) : -Math.Log(0.5) + Math.Log(1 - candidate[i]))).Average();
        Assert.Equal(expected, better.MeanImprovement, 6);
        Assert.True(better.Z > 2, $"z {better.Z}");
        Assert.Equal((0.0, 0.0), (same.MeanImprovement, same.Z));
    }
}

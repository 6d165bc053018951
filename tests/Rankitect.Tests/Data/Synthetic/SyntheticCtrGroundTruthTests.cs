using Rankitect.Data.Synthetic;
using Rankitect.Evaluation;

namespace Rankitect.Tests.Data.Synthetic;

public sealed class SyntheticCtrGroundTruthTests
{
    [Fact]
    public void BayesNe_IsBelowOne_AndClearlyBelowTheFirstOrderTruth()
    {
        var generator = new SyntheticCtrGenerator(new SyntheticCtrOptions { RowCount = 50_000 });

        var bayes = generator.ComputeBayesMetrics();
        var firstOrder = generator.ComputeFirstOrderMetrics();

        Assert.Equal(bayes.NormalizedEntropy, generator.BayesNormalizedEntropy(), 12);
        Assert.InRange(bayes.NormalizedEntropy, 0.6, 0.8);
        Assert.InRange(bayes.Calibration, 0.95, 1.05);
        // Interactions carry signal that no additive function of the fields recovers.
        Assert.True(firstOrder.NormalizedEntropy - bayes.NormalizedEntropy > 0.1,
            $"Bayes NE {bayes.NormalizedEntropy:F4}, first-order NE {firstOrder.NormalizedEntropy:F4}");
        Assert.True(bayes.Auc > firstOrder.Auc);
    }

    [Fact]
    public void BayesNe_IsComputeOnTrueProbabilities()
    {
        var generator = new SyntheticCtrGenerator(new SyntheticCtrOptions { RowCount = 3000, Seed = 6 });
        var labels = Enumerable.Range(0, 3000).Select(i => generator.Label(i) ? 1f : 0f).ToArray();
        var expected = CtrMetrics.Compute(labels, generator.TrueProbabilities());
        Assert.Equal(expected, generator.ComputeBayesMetrics());
        Assert.Equal(CtrMetrics.Compute(labels[..1000], generator.TrueProbabilities()[..1000]), generator.ComputeBayesMetrics(1000));
    }

    [Fact]
    public void WithoutInteractions_TruthIsItsFirstOrderPart()
    {
        var generator = new SyntheticCtrGenerator(new SyntheticCtrOptions { RowCount = 2000, InteractionStrength = 0 });
        Assert.Equal(generator.GroundTruth.Bias, generator.GroundTruth.FirstOrderBias, 12);
        for (int i = 0; i < 100; i++)
            Assert.Equal(generator.TrueProbability(i), generator.FirstOrderProbability(i), 12);
    }

    [Fact]
    public void Description_ListsNoiseFieldsAndInteractionsAmongSignalFields()
    {
        var truth = new SyntheticCtrGenerator(new SyntheticCtrOptions { RowCount = 1 }).GroundTruth;

        Assert.Equal(39, truth.Fields.Count);
        Assert.Equal(3, truth.Fields.Count(f => f.IsNoise && f.Kind == SyntheticFieldKind.Dense));
        Assert.Equal(6, truth.Fields.Count(f => f.IsNoise && f.Kind == SyntheticFieldKind.Categorical));
        Assert.All(truth.Fields.Where(f => f.IsNoise), f => Assert.Equal(0, f.FirstOrderScale));
        Assert.All(truth.Fields.Where(f => !f.IsNoise), f => Assert.True(f.FirstOrderScale > 0));
        Assert.All(truth.Fields.Where(f => f.Kind == SyntheticFieldKind.Categorical), f => Assert.InRange(f.Cardinality, 10, 100_000));

        Assert.Equal(8, truth.Interactions.Count);
        Assert.Equal(8, truth.Interactions.Select(p => (p.FirstColumn, p.SecondColumn)).Distinct().Count());
        var noise = truth.NoiseColumns.ToHashSet();
        Assert.All(truth.Interactions, p =>
        {
            Assert.NotEqual(p.FirstColumn, p.SecondColumn);
            Assert.DoesNotContain(p.FirstColumn, noise);
            Assert.DoesNotContain(p.SecondColumn, noise);
        });
        Assert.Equal(4, truth.Interactions.Count(p => p.Kind == SyntheticInteractionKind.CategoricalCategorical));
        Assert.Equal(3, truth.Interactions.Count(p => p.Kind == SyntheticInteractionKind.DenseCategorical));
        Assert.Equal(1, truth.Interactions.Count(p => p.Kind == SyntheticInteractionKind.DenseDense));
        Assert.Contains("x", truth.ToString());
    }

    [Fact]
    public void NoiseFields_AreIndependentOfTheTrueProbability_AndScoreBelowEverySignalField()
    {
        var generator = new SyntheticCtrGenerator(new SyntheticCtrOptions { RowCount = 30_000 });
        var rows = SyntheticRows.Read(generator.ToDataView(includeTrueProbability: true));
        var fields = generator.GroundTruth.Fields;

        // Categorical: one-way ANOVA F of the true probability across the field's 20 most frequent values (those
        // with at least 100 rows). Without an effect F ~ F(19, n), so F > 2.5 has probability below 0.001.
        var categoricalF = Enumerable.Range(0, 26).Select(k => AnovaF(rows
            .Where(r => r.Categorical[k].Length > 0)
            .GroupBy(r => r.Categorical[k], r => (double)r.TrueProbability)
            .Where(g => g.Count() >= 100)
            .OrderByDescending(g => g.Count()).Take(20)
            .Select(g => g.ToArray()).ToArray())).ToArray();
        // Dense: correlation of log1p(max(x, 0)) with the true probability as a z score, ~N(0, 1) without an effect.
        var denseZ = Enumerable.Range(0, 13).Select(j =>
        {
            var present = rows.Where(r => !float.IsNaN(r.Dense[j])).ToArray();
            var x = present.Select(r => Math.Log(1 + Math.Max(r.Dense[j], 0))).ToArray();
            var p = present.Select(r => (double)r.TrueProbability).ToArray();
            return Math.Abs(Correlation(x, p)) * Math.Sqrt(present.Length);
        }).ToArray();

        var noiseF = Enumerable.Range(0, 26).Where(k => fields[13 + k].IsNoise).Select(k => categoricalF[k]).ToArray();
        var signalF = Enumerable.Range(0, 26).Where(k => !fields[13 + k].IsNoise).Select(k => categoricalF[k]).ToArray();
        var noiseZ = Enumerable.Range(0, 13).Where(j => fields[j].IsNoise).Select(j => denseZ[j]).ToArray();
        var signalZ = Enumerable.Range(0, 13).Where(j => !fields[j].IsNoise).Select(j => denseZ[j]).ToArray();

        Assert.All(noiseF, f => Assert.InRange(f, 0, 2.5));
        Assert.All(noiseZ, z => Assert.InRange(z, 0, 4));
        // With this seed and sample every signal field shows its effect (seed 1: min signal F 4.3, z 9.2).
        Assert.True(noiseF.Max() < signalF.Min(), $"noise F up to {noiseF.Max():F2}, signal F from {signalF.Min():F2}");
        Assert.True(noiseZ.Max() < signalZ.Min(), $"noise z up to {noiseZ.Max():F2}, signal z from {signalZ.Min():F2}");
    }

    private static double AnovaF(double[][] groups)
    {
        int n = groups.Sum(g => g.Length);
        double grand = groups.SelectMany(g => g).Average();
        double between = groups.Sum(g => g.Length * Math.Pow(g.Average() - grand, 2)) / (groups.Length - 1);
        double within = groups.Sum(g => { double m = g.Average(); return g.Sum(v => (v - m) * (v - m)); }) / (n - groups.Length);
        return between / within;
    }

    private static double Correlation(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }
}

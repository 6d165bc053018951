using Rankitect.Evaluation;

namespace Rankitect.Tests.Evaluation;

public class PlattScalingTests
{
    // Logits z ~ N(0, 2²) and labels drawn from sigmoid(scale · z + bias).
    private static (float[] Labels, float[] Logits) Draw(int rows, double scale, double bias, int seed)
    {
        var random = new Random(seed);
        var labels = new float[rows];
        var logits = new float[rows];
        for (int i = 0; i < rows; i++)
        {
            double z = 2 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            logits[i] = (float)z;
            labels[i] = random.NextDouble() < 1 / (1 + Math.Exp(-(scale * z + bias))) ? 1 : 0;
        }
        return (labels, logits);
    }

    [Theory]
    [InlineData(0.5, -0.3)]  // an overconfident network
    [InlineData(1.6, 0.4)]   // an underconfident one, shifted
    [InlineData(1.0, 0.0)]   // already calibrated
    public void Recovers_the_scale_and_bias_that_generated_the_labels(double scale, double bias)
    {
        var (labels, logits) = Draw(200_000, scale, bias, seed: 3);
        var fit = PlattScaling.Fit(labels, logits);
        Assert.Equal(scale, fit.Scale, 0.03);
        Assert.Equal(bias, fit.Bias, 0.03);
    }

    [Fact]
    public void Lowers_the_log_loss_on_the_rows_it_was_fitted_on()
    {
        var (labels, logits) = Draw(5_000, 0.4, 0.5, seed: 5);
        var before = CtrMetrics.Compute(labels, PlattScaling.Identity.Probabilities(logits));
        var after = CtrMetrics.Compute(labels, PlattScaling.Fit(labels, logits).Probabilities(logits));
        Assert.True(after.LogLoss < before.LogLoss, $"{after.LogLoss} vs {before.LogLoss}");
        Assert.Equal(before.Auc, after.Auc, 9); // a monotone map keeps the ranking
    }

    [Fact]
    public void Separable_rows_give_a_finite_fit()
    {
        float[] logits = [-3, -2, -1, 1, 2, 3];
        float[] labels = [0, 0, 0, 1, 1, 1];
        var fit = PlattScaling.Fit(labels, logits);
        Assert.True(double.IsFinite(fit.Scale) && fit.Scale > 0, $"scale {fit.Scale}");
        Assert.True(double.IsFinite(fit.Bias), $"bias {fit.Bias}");
    }

    [Fact]
    public void Equal_logits_move_only_the_bias_to_the_smoothed_base_rate()
    {
        var logits = Enumerable.Repeat(0.7f, 100).ToArray();
        var labels = Enumerable.Range(0, 100).Select(i => i < 20 ? 1f : 0f).ToArray();
        var fit = PlattScaling.Fit(labels, logits);
        // Platt's targets: 21/22 for the 20 clicks, 1/82 for the 80 others; their mean is the fitted probability.
        double target = (20 * 21.0 / 22 + 80 * 1.0 / 82) / 100;
        Assert.Equal(target, 1 / (1 + Math.Exp(-fit.Apply(0.7))), 1e-6);
    }

    [Fact]
    public void A_prior_pulls_a_fit_on_few_clicks_towards_the_identity_and_leaves_one_on_many_almost_alone()
    {
        var (fewLabels, fewLogits) = Draw(400, 0.5, -0.8, seed: 7);   // about 120 clicks
        var (manyLabels, manyLogits) = Draw(200_000, 0.5, -0.8, seed: 7);
        var few = (Plain: PlattScaling.Fit(fewLabels, fewLogits), Prior: PlattScaling.Fit(fewLabels, fewLogits, 100));
        var many = (Plain: PlattScaling.Fit(manyLabels, manyLogits), Prior: PlattScaling.Fit(manyLabels, manyLogits, 100));
        static double Distance(PlattScaling p) => Math.Abs(p.Scale - 1) + Math.Abs(p.Bias);
        Assert.True(Distance(few.Prior) < 0.8 * Distance(few.Plain), $"{few.Prior} vs {few.Plain}");
        Assert.Equal(many.Plain.Scale, many.Prior.Scale, 0.01);
        Assert.Equal(many.Plain.Bias, many.Prior.Bias, 0.01);
        Assert.Throws<ArgumentOutOfRangeException>(() => PlattScaling.Fit([0, 1], [0, 1], -1));
    }

    [Fact]
    public void Bad_input_is_refused_naming_it()
    {
        Assert.Contains("2 labels for 3 logits", Assert.Throws<ArgumentException>(() => PlattScaling.Fit([0, 1], [0, 1, 2])).Message);
        Assert.Contains("at least one row", Assert.Throws<ArgumentException>(() => PlattScaling.Fit([], [])).Message);
        Assert.Contains("Logit 1 is NaN", Assert.Throws<ArgumentException>(() => PlattScaling.Fit([0, 1], [0, float.NaN])).Message);
    }
}

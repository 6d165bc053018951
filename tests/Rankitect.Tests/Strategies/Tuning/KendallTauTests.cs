using Rankitect.Experiment;
using Rankitect.Evaluation;
using Rankitect.Strategies.Tuning;

namespace Rankitect.Tests.Strategies.Tuning;

public class KendallTauTests
{
    [Fact]
    public void Tau_b_matches_a_hand_computed_example_with_ties()
    {
        // Pairs of x = [1, 2, 2, 3], y = [1, 3, 2, 2]: (0,1) (0,2) (0,3) concordant, (1,3) discordant, (1,2) tied in x,
        // (2,3) tied in y. n0 = 6, n1 = n2 = 1: tau-b = (3 - 1) / sqrt((6 - 1)(6 - 1)) = 0.4.
        Assert.Equal(0.4, KendallTau.TauB(new double[] { 1, 2, 2, 3 }, new double[] { 1, 3, 2, 2 }), 12);
    }

    [Fact]
    public void Tau_b_is_one_for_the_same_order_minus_one_for_the_reverse_and_nan_when_undefined()
    {
        var x = new double[] { 0.5, 0.1, 0.9, 0.3 };
        Assert.Equal(1, KendallTau.TauB(x, x.Select(v => v * 10 + 1).ToArray()), 12);
        Assert.Equal(-1, KendallTau.TauB(x, x.Select(v => -v).ToArray()), 12);
        // Ties in both lists at the same pair still give 1 (tau-a would not).
        Assert.Equal(1, KendallTau.TauB(new double[] { 1, 1, 2 }, new double[] { 5, 5, 7 }), 12);
        Assert.True(double.IsNaN(KendallTau.TauB(new double[] { 1, 1, 1 }, new double[] { 1, 2, 3 })));
        Assert.True(double.IsNaN(KendallTau.TauB(new double[] { 1 }, new double[] { 2 })));
        Assert.Throws<ArgumentException>(() => KendallTau.TauB(new double[] { 1, 2 }, new double[] { 1 }));
    }
}

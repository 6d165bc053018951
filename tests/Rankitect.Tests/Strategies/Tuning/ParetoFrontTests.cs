using Rankitect.Experiment;
using Rankitect.Evaluation;
using Rankitect.Strategies.Tuning;

namespace Rankitect.Tests.Strategies.Tuning;

public class ParetoFrontTests
{
    private static TrialResult Point(int id, double ne, long flops, TrialStatus status = TrialStatus.Completed)
        => new(id, new[] { id }, TrialFidelity.Low, status, "test", ne, 0.7, 0.4, flops, 10, 40, ne, 1);

    // (NE, FLOPs): 0 (0.90, 100), 1 (0.85, 200), 2 (0.86, 300) dominated by 1, 3 (0.80, 500), 4 (0.80, 600) dominated
    // by 3, 5 (0.95, 100) dominated by 0, 6 (0.85, 200) same point as 1, 7 (0.70, 50) failed: ignored.
    private static readonly TrialResult[] Results =
    {
        Point(0, 0.90, 100), Point(1, 0.85, 200), Point(2, 0.86, 300), Point(3, 0.80, 500), Point(4, 0.80, 600),
        Point(5, 0.95, 100), Point(6, 0.85, 200), Point(7, double.NaN, 50, TrialStatus.Failed),
    };

    [Fact]
    public void Front_is_the_non_dominated_set_sorted_by_flops()
    {
        Assert.Equal(new[] { 0, 1, 6, 3 }, ParetoFront.Of(Results).Select(r => r.TrialId));
        Assert.True(ParetoFront.Dominates(Results[1], Results[2]));
        Assert.False(ParetoFront.Dominates(Results[1], Results[6]));
        Assert.False(ParetoFront.Dominates(Results[0], Results[1]));
    }

    [Fact]
    public void Best_within_budget()
    {
        Assert.Equal(1, ParetoFront.BestWithinBudget(Results, 499)!.TrialId);
        Assert.Equal(3, ParetoFront.BestWithinBudget(Results, 10_000)!.TrialId);
        Assert.Equal(0, ParetoFront.BestWithinBudget(Results, 100)!.TrialId);
        Assert.Null(ParetoFront.BestWithinBudget(Results, 99));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParetoFront.BestWithinBudget(Results, 0));
    }

    [Fact]
    public void Least_flops_near_the_best_relative_or_absolute()
    {
        // Best NE 0.80. Relative 7%: NE <= 0.856 -> ids 1, 3, 4, 6; cheapest 1 (200, ties with 6: the earlier).
        Assert.Equal(1, ParetoFront.LeastFlopsNearBest(Results, 0.07)!.TrialId);
        // Relative 5%: NE <= 0.84 -> 3, 4; cheapest 3.
        Assert.Equal(3, ParetoFront.LeastFlopsNearBest(Results, 0.05)!.TrialId);
        // Absolute 0.11: NE <= 0.91 -> 0 at 100 FLOPs.
        Assert.Equal(0, ParetoFront.LeastFlopsNearBest(Results, 0.11, NeTolerance.Absolute)!.TrialId);
        Assert.Equal(3, ParetoFront.LeastFlopsNearBest(Results, 0, NeTolerance.Absolute)!.TrialId);
        Assert.Null(ParetoFront.LeastFlopsNearBest(Array.Empty<TrialResult>(), 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ParetoFront.LeastFlopsNearBest(Results, -0.1));
    }
}

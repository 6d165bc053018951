using Rankitect.Experiment;
using Rankitect.Evaluation;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Strategies.Tuning;

namespace Rankitect.Tests.Strategies.Tuning;

public class TunerTests
{
    // No data needed: tuners only sample, mutate and price architectures.
    private static readonly DlrmSpace Space = new(new CtrFeatureShape(3, new[] { 10, 20, 30, 40 }), TuningTestData.TinySpace);

    private static List<Trial> Proposals(ITuner tuner, int count, Func<Trial, double>? fitness = null)
    {
        var trials = new List<Trial>();
        for (int id = 0; id < count; id++)
        {
            var trial = tuner.Propose(new TrialContext(id, TrialFidelity.Low, 0))!;
            trials.Add(trial);
            double ne = fitness?.Invoke(trial) ?? 0.9;
            tuner.Update(Result(trial, ne));
        }
        return trials;
    }

    private static TrialResult Result(Trial trial, double ne, TrialStatus status = TrialStatus.Completed)
    {
        var cost = Space.CostOf(trial.Indices);
        return new TrialResult(trial.Id, trial.Indices, trial.Fidelity, status, "test", ne, 0.7, 0.4, cost.Flops,
            cost.Parameters, cost.EmbeddingBytes, status == TrialStatus.Completed ? ne : double.NaN, 0.01, trial.ParentId);
    }

    // A fitness that depends on the architecture, so tournaments have real winners.
    private static double Fitness(Trial trial) => 1 - 0.01 * trial.Indices.Select((v, i) => v * (i % 3)).Sum();

    [Fact]
    public void Random_search_with_the_same_seed_proposes_the_same_architectures()
    {
        var a = Proposals(new RandomSearchTuner(Space, 5), 20);
        var b = Proposals(new RandomSearchTuner(Space, 5), 20);
        var c = Proposals(new RandomSearchTuner(Space, 6), 20);
        Assert.Equal(a.Select(t => t.Indices), b.Select(t => t.Indices));
        Assert.NotEqual(a.Select(t => string.Join(",", t.Indices)), c.Select(t => string.Join(",", t.Indices)));
        Assert.All(a, t => Assert.Empty(Space.Check(t.Indices)));
        Assert.Equal(Enumerable.Range(0, 20), a.Select(t => t.Id));
    }

    [Fact]
    public void Evolution_with_the_same_seed_and_results_proposes_the_same_architectures()
    {
        var options = new RegularizedEvolutionOptions { PopulationSize = 5, TournamentSize = 2 };
        var a = Proposals(new RegularizedEvolutionTuner(Space, 9, options), 30, Fitness);
        var b = Proposals(new RegularizedEvolutionTuner(Space, 9, options), 30, Fitness);
        Assert.Equal(a, b, (x, y) => x.Indices.SequenceEqual(y.Indices) && x.ParentId == y.ParentId);
    }

    [Fact]
    public void Evolution_samples_the_first_population_then_mutates_exactly_one_choice_of_a_member()
    {
        var tuner = new RegularizedEvolutionTuner(Space, 3, new RegularizedEvolutionOptions { PopulationSize = 6, TournamentSize = 3 });
        var trials = Proposals(tuner, 40, Fitness);
        Assert.All(trials.Take(6), t => Assert.Null(t.ParentId));
        foreach (var child in trials.Skip(6))
        {
            Assert.NotNull(child.ParentId);
            var parent = trials[child.ParentId!.Value];
            Assert.True(parent.Id < child.Id && parent.Id >= child.Id - 6, "the parent is one of the last P completed trials");
            Assert.Equal(1, child.Indices.Zip(parent.Indices).Count(p => p.First != p.Second));
        }
        // Aging: the population is the P most recent completed trials, however fit the older ones were.
        Assert.Equal(Enumerable.Range(34, 6), tuner.Population.Select(r => r.TrialId));
    }

    [Fact]
    public void Evolution_ignores_failed_trials()
    {
        var tuner = new RegularizedEvolutionTuner(Space, 3, new RegularizedEvolutionOptions { PopulationSize = 2, TournamentSize = 1 });
        var first = tuner.Propose(new TrialContext(0, TrialFidelity.Low, 0))!;
        tuner.Update(Result(first, double.NaN, TrialStatus.Failed));
        Assert.Empty(tuner.Population);
        // Past the initial P proposals but with an empty population, proposals stay random.
        var second = tuner.Propose(new TrialContext(1, TrialFidelity.Low, 0))!;
        var third = tuner.Propose(new TrialContext(2, TrialFidelity.Low, 1))!;
        Assert.Null(third.ParentId);
        tuner.Update(Result(second, 0.8));
        Assert.Equal(1, tuner.Propose(new TrialContext(3, TrialFidelity.Low, 0))!.ParentId);
    }

    [Fact]
    public void Both_tuners_respect_the_flops_budget()
    {
        var flops = Enumerable.Range(0, 200).Select(i => Space.CostOf(((IArchitectureSpace)Space).Sample(new Random(i))).Flops).Order().ToArray();
        long budget = flops[flops.Length / 4]; // admits about a quarter of the space
        var objective = new SearchObjective { FlopsBudget = budget };
        var random = Proposals(new RandomSearchTuner(Space, 1, objective), 30);
        var evolved = Proposals(new RegularizedEvolutionTuner(Space, 1, new RegularizedEvolutionOptions { PopulationSize = 5, TournamentSize = 2 }, objective), 40, Fitness);
        Assert.All(random.Concat(evolved), t => Assert.True(Space.CostOf(t.Indices).Flops <= budget, $"{Space.CostOf(t.Indices).Flops} > {budget}"));
        Assert.Contains(evolved, t => t.ParentId is not null);
    }

    [Fact]
    public void A_budget_that_admits_nothing_fails_with_a_clear_message()
    {
        var objective = new SearchObjective { FlopsBudget = 1, MaxSamplingAttempts = 50 };
        var tuner = new RandomSearchTuner(Space, 1, objective);
        var error = Assert.Throws<InvalidOperationException>(() => tuner.Propose(new TrialContext(0, TrialFidelity.Low, 0)));
        Assert.Contains("FlopsBudget = 1", error.Message);
        Assert.Contains("50", error.Message);
    }

    [Fact]
    public void Bad_options_name_the_option_and_value()
    {
        var tournament = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new RegularizedEvolutionTuner(Space, 0, new RegularizedEvolutionOptions { PopulationSize = 3, TournamentSize = 4 }));
        Assert.Equal("TournamentSize", tournament.ParamName);
        Assert.Contains("4", tournament.Message);
        var weight = Assert.Throws<ArgumentOutOfRangeException>(() => new RandomSearchTuner(Space, 0, new SearchObjective { CostWeight = -1 }));
        Assert.Equal("CostWeight", weight.ParamName);
    }

    [Fact]
    public void Fitness_adds_the_log_flops_cost_term()
    {
        Assert.Equal(0.8, new SearchObjective().Fitness(0.8, 1000));
        Assert.Equal(0.8 + 0.01 * Math.Log(1000), new SearchObjective { CostWeight = 0.01 }.Fitness(0.8, 1000), 12);
        Assert.True(new SearchObjective { FlopsBudget = 100 }.Admits(100));
        Assert.False(new SearchObjective { FlopsBudget = 100 }.Admits(101));
    }
}

using Rankitect.Experiment;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Strategies.Tuning;

namespace Rankitect.Tests.Strategies.Tuning;

/// <summary>TPE on a toy objective over a real space (no training): deterministic, within the budget, and better than
/// random search at the same number of trials.</summary>
public class TpeTunerTests
{
    private static readonly DlrmSpace Space = new(new CtrFeatureShape(3, new[] { 10, 20, 30, 40 }), TuningTestData.TinySpace);

    // A toy NE with one best candidate per choice (candidate 1 everywhere) and noise-free: lower is better.
    private static double Toy(IReadOnlyList<int> indices) => 0.7 + 0.02 * indices.Select((v, c) => Math.Abs(v - Math.Min(1, Space.Choices[c].Count - 1))).Sum();

    private static List<TrialResult> Run(ITuner tuner, int trials, SearchObjective? objective = null)
    {
        var results = new List<TrialResult>();
        for (int id = 0; id < trials; id++)
        {
            var trial = tuner.Propose(new TrialContext(id, TrialFidelity.Low, 0))!;
            var cost = Space.CostOf(trial.Indices);
            double ne = Toy(trial.Indices);
            var result = new TrialResult(trial.Id, trial.Indices, trial.Fidelity, TrialStatus.Completed, tuner.Name, ne, 0.7, 0.4, cost.Flops,
                cost.Parameters, cost.EmbeddingBytes, (objective ?? new SearchObjective()).Fitness(ne, cost.Flops), 0.01);
            results.Add(result);
            tuner.Update(result);
        }
        return results;
    }

    [Fact]
    public void The_same_seed_and_results_give_the_same_proposals()
    {
        var a = Run(new TpeTuner(Space, 3), 30).Select(r => string.Join(",", r.Indices));
        var b = Run(new TpeTuner(Space, 3), 30).Select(r => string.Join(",", r.Indices));
        var c = Run(new TpeTuner(Space, 4), 30).Select(r => string.Join(",", r.Indices));
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void After_the_startup_trials_it_finds_better_architectures_than_random_search()
    {
        // Mean over 5 seeds of the best toy NE after 40 trials: TPE must beat random search clearly.
        double tpe = Enumerable.Range(0, 5).Average(seed => Run(new TpeTuner(Space, seed), 40).Min(r => r.NormalizedEntropy));
        double random = Enumerable.Range(0, 5).Average(seed => Run(new RandomSearchTuner(Space, seed), 40).Min(r => r.NormalizedEntropy));
        Assert.True(tpe < random, $"TPE best {tpe:F4}, random search best {random:F4}");
    }

    [Fact]
    public void It_never_proposes_an_architecture_twice_or_over_the_budget()
    {
        var objective = new SearchObjective { FlopsBudget = 4_000 };
        var results = Run(new TpeTuner(Space, 1, objective: objective), 40, objective);
        Assert.All(results, r => Assert.True(r.Flops <= 4_000, $"{r.Flops} FLOPs"));
        var modelled = results.Skip(10).Select(r => string.Join(",", r.Indices)).ToList();
        Assert.Equal(modelled.Count, modelled.Distinct().Count());
    }

    [Fact]
    public void Failed_trials_are_not_modelled_and_bad_options_are_named()
    {
        var tuner = new TpeTuner(Space, 2, new TpeOptions { StartupTrials = 1 });
        var first = tuner.Propose(new TrialContext(0, TrialFidelity.Low, 0))!;
        var cost = Space.CostOf(first.Indices);
        tuner.Update(new TrialResult(0, first.Indices, TrialFidelity.Low, TrialStatus.Failed, "tpe", double.NaN, double.NaN, double.NaN,
            cost.Flops, cost.Parameters, cost.EmbeddingBytes, double.NaN, 0.1, Error: "boom"));
        Assert.NotNull(tuner.Propose(new TrialContext(1, TrialFidelity.Low, 0))); // still in start-up: nothing completed
        Assert.Equal("Candidates", Assert.ThrowsAny<ArgumentException>(() => new TpeTuner(Space, 0, new TpeOptions { Candidates = 0 })).ParamName);
        Assert.Equal("GoodFraction", Assert.ThrowsAny<ArgumentException>(() => new TpeTuner(Space, 0, new TpeOptions { GoodFraction = 0 })).ParamName);
    }
}

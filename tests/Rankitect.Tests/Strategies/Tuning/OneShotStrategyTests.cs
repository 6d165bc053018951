using System.Diagnostics;
using Rankitect.Experiment;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Strategies.OneShot;
using Rankitect.Strategies.Tuning;
using Rankitect.Training;
using Xunit.Abstractions;

namespace Rankitect.Tests.Strategies.Tuning;

[Collection(TuningCollection.Name)]
public class OneShotStrategyTests(TuningTestData fixture, ITestOutputHelper output)
{
    private static OneShotOptions Options() => new()
    {
        SupernetTraining = new CtrTrainingOptions { Optimizer = OptimizerKind.Adam, LearningRate = 0.005, BatchSize = 256, MaxEpochs = 1, EvaluationsPerEpoch = 1 },
        WarmupFraction = 0.3, Evolution = new RegularizedEvolutionOptions { PopulationSize = 5, TournamentSize = 2 },
        Candidates = 8, FineTuneSteps = 10, ScoringRowFraction = 0.5, RankingSampleSize = 10,
    };

    // Threads 1: a 2-thread TorchSharp training on 2 busy cores can be 10x slower (see TrainingTrialRunner).
    private RankitectExperiment Experiment(OneShotOptions? options = null)
        => fixture.Experiment(new OneShotStrategy(options ?? Options()), seed: 2, threads: 1).SetRetraining(topK: 2);

    [Fact]
    public async Task Runs_end_to_end_on_the_dlrm_space_and_measures_ranking_quality()
    {
        var clock = Stopwatch.StartNew();
        var monitor = new RecordingMonitor();
        using var result = await Experiment().SetMonitor(monitor).RunAsync();
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s (search {result.SearchSeconds:F1} s, retraining {result.TrainSeconds:F1} s); " +
            $"Kendall tau {result.SupernetKendallTau:F3}; best NE {result.BestTrial.NormalizedEntropy:F4}: {result.Architecture}");

        Assert.Equal(monitor.Results, result.Trials);
        Assert.Equal("one-shot", result.Strategy);
        Assert.Equal(8 + 10, result.Trials.Count(t => t.Fidelity == TrialFidelity.Inherited));
        Assert.Equal(10, result.Trials.Count(t => t.Fidelity == TrialFidelity.Low));
        Assert.Equal(2, result.Trials.Count(t => t.Fidelity == TrialFidelity.Full));
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.Contains(result.Trials, t => t.ParentId is not null && t.Fidelity == TrialFidelity.Inherited); // evolution mutated
        Assert.InRange(result.SupernetKendallTau!.Value, -1, 1);
        Assert.Equal(TrialFidelity.Full, result.BestTrial.Fidelity);
        // The retrained ones are the two best distinct inherited-weight scores.
        var evolution = result.Trials.Where(t => t.Fidelity == TrialFidelity.Inherited).OrderBy(t => t.Fitness).ThenBy(t => t.TrialId)
            .DistinctBy(t => string.Join(",", t.Indices)).Take(2).Select(t => t.TrialId);
        Assert.Equal(evolution, result.Trials.Where(t => t.Fidelity == TrialFidelity.Full).Select(t => t.ParentId!.Value));
        Assert.False(result.Cancelled);
        Assert.Equal(result.BestTrial.Parameters, result.Model.ParameterCount);
        Assert.True(result.BestTrial.NormalizedEntropy < 0.98, $"NE {result.BestTrial.NormalizedEntropy}");
    }

    [Fact]
    public void Scoring_a_candidate_does_not_leak_into_the_next()
    {
        var space = fixture.Space;
        var options = Options();
        using var supernet = SeededTorch.Create(1, space.CreateSupernet);
        supernet.SetPath(space.Sample(new Random(0))); // a few path steps so the output layer is not at its init
        new CtrTrainer(options.SupernetTraining).Train(supernet, fixture.Data.Train, fixture.Data.Validation);
        var scorer = new SupernetScorer(space, supernet, fixture.Data.Train, fixture.Data.Validation, options, new SearchObjective(), 0, 2, "one-shot");
        var saved = supernet.OutputLayerParameters().Select(p => p.detach().clone()).ToArray();
        var random = new Random(5);
        var a = new Trial(0, space.Sample(random), TrialFidelity.Inherited);
        var b = new Trial(1, space.Sample(random), TrialFidelity.Inherited);

        double first = scorer.Score(a, default).Result.NormalizedEntropy;
        scorer.Score(b, default);
        double again = scorer.Score(a, default).Result.NormalizedEntropy;

        Assert.Equal(first, again);
        var restored = supernet.OutputLayerParameters();
        for (int i = 0; i < saved.Length; i++)
            Assert.True(saved[i].allclose(restored[i], rtol: 0, atol: 0), "the output layer is restored after scoring");
        Assert.All(supernet.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void Warmup_trains_the_full_supernet_with_a_linearly_decaying_chance()
    {
        var space = fixture.Space;
        using var supernet = SeededTorch.Create(1, space.CreateSupernet);
        using var sampler = new SupernetPathSampler(space, supernet, warmupSteps: 10, seed: 0);
        Assert.Equal(1.0, sampler.FullProbability(0));
        Assert.Equal(0.5, sampler.FullProbability(5));
        Assert.Equal(0.0, sampler.FullProbability(10));
        Assert.Equal(0.0, sampler.FullProbability(100));
        for (long step = 0; step < 40; step++)
            sampler.Hooks.BeforeStep!(step);
        Assert.Equal(40, sampler.FullSteps + sampler.PathSteps);
        Assert.InRange(sampler.FullSteps, 1, 10);
    }

    [Fact]
    public async Task Cancelled_during_the_evolution_returns_the_best_scored_candidate_trained_briefly()
    {
        using var cancel = new CancellationTokenSource();
        int inherited = 0;
        var clock = new Stopwatch();
        var monitor = new RecordingMonitor(r =>
        {
            if (r.Fidelity == TrialFidelity.Inherited && ++inherited == 2) { cancel.Cancel(); clock.Start(); }
        });
        using var result = await Experiment().SetMonitor(monitor).RunAsync(cancel.Token);
        Assert.True(result.Cancelled);
        Assert.Equal(2, result.Trials.Count(t => t.Fidelity == TrialFidelity.Inherited));
        Assert.Equal(TrialFidelity.Low, result.BestTrial.Fidelity);
        var scored = result.Trials.Where(t => t.Fidelity == TrialFidelity.Inherited).MinBy(t => t.Fitness)!;
        Assert.Equal(scored.Indices, result.BestTrial.Indices);
        Assert.Equal(scored.TrialId, result.BestTrial.ParentId);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"returned {clock.Elapsed} after the cancellation");
        Assert.True(result.Model.ParameterCount > 0);
    }

    [Fact]
    public void Cancelled_before_any_candidate_was_scored_throws()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Experiment().RunAsync(cancel.Token).GetAwaiter().GetResult());
    }

    [Fact]
    public async Task Same_seed_and_threads_give_the_same_search()
    {
        using var a = await Experiment().RunAsync();
        using var b = await Experiment().RunAsync();
        Assert.Equal(a.BestTrial.Indices, b.BestTrial.Indices);
        Assert.Equal(a.Trials.Select(t => t.Indices.ToArray()), b.Trials.Select(t => t.Indices.ToArray()));
    }

    [Fact]
    public void Bad_options_name_the_option_and_value()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new OneShotStrategy(new OneShotOptions { RankingSampleSize = 1 }));
        Assert.Equal("RankingSampleSize", error.ParamName);
        error = Assert.ThrowsAny<ArgumentException>(() => new OneShotStrategy(new OneShotOptions { WarmupFraction = 1.5 }));
        Assert.Equal("WarmupFraction", error.ParamName);
        Assert.Contains("1.5", error.Message);
    }
}

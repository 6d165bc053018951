using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.ML;
using Rankitect.Experiment;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.Strategies.Dnas;
using Rankitect.Strategies.MultiTrial;
using Rankitect.Tests.Strategies.Tuning;
using Xunit.Abstractions;

namespace Rankitect.Tests.Experiment;

/// <summary>A strategy written outside the library, in one class: hill climbing. It samples a start, then tries one
/// mutation of the best so far per round, every trial at low fidelity through the experiment's trial runner.</summary>
public sealed class HillClimbingStrategy(int rounds) : ISearchStrategy
{
    public string Name => "hill-climbing";

    public async Task<SearchOutcome> SearchAsync(SearchContext context)
    {
        var random = new Random(context.DeriveSeed(stream: 1));
        var best = (await context.RunTrialsAsync([new Trial(context.NewTrialId(), context.Space.Sample(random), TrialFidelity.Low)]))[0];
        for (int round = 0; round < rounds && !context.CancellationToken.IsCancellationRequested; round++)
        {
            var next = best.Indices.ToArray();
            int choice = random.Next(next.Length);
            next[choice] = random.Next(context.Space.Choices[choice].Count);
            var result = (await context.RunTrialsAsync([new Trial(context.NewTrialId(), next, TrialFidelity.Low, best.TrialId)]))[0];
            if (result.IsCompleted && result.Fitness < best.Fitness)
                best = result;
            context.Report($"round {round + 1}: best NE {best.NormalizedEntropy:F4}", (round + 1.0) / rounds);
        }
        return new SearchOutcome(MultiTrialStrategy.Ranked(context.Trials, TrialFidelity.Low, context.Objective));
    }
}

/// <summary>A trial runner of the caller's: delegates to the default training and remembers what it was asked,
/// and fails every trial whose id is in <paramref name="failing"/> (by throwing, as a buggy runner would).</summary>
public sealed class RecordingTrialRunner(params int[] failing) : ITrialRunner
{
    private readonly TrainingTrialRunner _inner = new();

    public ConcurrentQueue<TrialSettings> Calls { get; } = new();

    public Task<TrialOutcome> RunAsync(TrialSettings settings, CancellationToken cancellationToken)
    {
        Calls.Enqueue(settings);
        if (failing.Contains(settings.Trial.Id))
            throw new InvalidOperationException($"runner refused trial {settings.Trial.Id}");
        return _inner.RunAsync(settings, cancellationToken);
    }
}

[Collection(TuningCollection.Name)]
public class ExperimentTests(TuningTestData fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task A_strategy_written_outside_the_library_runs_through_the_experiment()
    {
        var monitor = new RecordingMonitor();
        var progress = new List<RankitectProgress>();
        using var result = await fixture.Experiment(new HillClimbingStrategy(rounds: 3)).SetRetraining(topK: 2).SetMonitor(monitor)
            .SetProgress(new SyncProgress<RankitectProgress>(progress.Add)).RunAsync();
        output.WriteLine($"{result.Architecture}: NE {result.Validation.NormalizedEntropy:F4}");

        Assert.Equal("hill-climbing", result.Strategy);
        Assert.Equal(4, result.Trials.Count(t => t.Fidelity == TrialFidelity.Low));
        Assert.InRange(result.Trials.Count(t => t.Fidelity == TrialFidelity.Full), 1, 2);
        Assert.All(result.Trials, t => Assert.Equal("hill-climbing", t.Strategy));
        Assert.Equal(monitor.Results, result.Trials);
        Assert.Equal(TrialFidelity.Full, result.BestTrial.Fidelity);
        Assert.Contains(result.Trials, t => t.Fidelity == TrialFidelity.Low && t.Indices.SequenceEqual(result.BestTrial.Indices));
        Assert.Contains(progress, p => p.Message == "round 3: best NE " + p.Message[^6..] && p.Phase == "search");
        Assert.Contains(progress, p => p.EstimatedRemainingSeconds is not null);
        Assert.True(result.Validation.NormalizedEntropy < 1.0);
    }

    [Fact]
    public async Task A_custom_trial_runner_evaluates_every_trial_and_its_failures_are_recorded()
    {
        var runner = new RecordingTrialRunner(failing: 1);
        var monitor = new RecordingMonitor();
        using var result = await fixture.Experiment(new MultiTrialStrategy(new MultiTrialOptions { Tuner = Rankitect.Strategies.MultiTrial.TunerKind.RandomSearch, MaxTrials = 4 }))
            .SetTrialRunner(runner).SetMonitor(monitor).SetRetraining(topK: 1).RunAsync();

        // Every trial, the search's and the retraining's, went through the runner, each with the thread share of its batch.
        Assert.Equal(result.Trials.Select(t => t.TrialId).Order(), runner.Calls.Select(c => c.Trial.Id).Order());
        Assert.All(runner.Calls, c => Assert.Same(runner.Calls.First().Context, c.Context));
        Assert.All(runner.Calls.Where(c => c.Trial.Fidelity == TrialFidelity.Low), c => Assert.Equal(1, c.Threads));
        Assert.Equal(2, runner.Calls.Single(c => c.Trial.Fidelity == TrialFidelity.Full).Threads);
        var failed = Assert.Single(result.Trials, t => t.Status == TrialStatus.Failed);
        Assert.Equal(1, failed.TrialId);
        Assert.Contains("runner refused trial 1", failed.Error);
        Assert.Contains("failed 1", monitor.Calls);
        Assert.Equal(TrialFidelity.Full, result.BestTrial.Fidelity);
    }

    [Fact]
    public async Task The_run_time_budget_returns_the_best_network_so_far()
    {
        // DNAS for 500 epochs cannot finish in 10 s; the budget stops it, the derived architecture is trained briefly.
        var dnas = new DnasStrategy(new DnasOptions { WarmupEpochs = 1, SearchEpochs = 500, BatchSize = 256 });
        var clock = Stopwatch.StartNew();
        var monitor = new RecordingMonitor(r => output.WriteLine($"trial {r.TrialId} {r.Fidelity} {r.Status} {r.Error}"));
        using var result = await fixture.Experiment(dnas, threads: 1).SetTimeBudget(TimeSpan.FromSeconds(10)).SetMonitor(monitor)
            .SetProgress(new SyncProgress<RankitectProgress>(p => output.WriteLine($"{p.ElapsedSeconds:F1} {p.Phase}: {p.Message}")))
            .RunAsync();
        output.WriteLine($"returned after {clock.Elapsed.TotalSeconds:F1} s: {result.BestTrial.Fidelity} {result.Architecture}");
        Assert.True(result.Cancelled);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Equal(TrialFidelity.Low, result.BestTrial.Fidelity);
    }

    [Fact]
    public async Task A_run_time_budget_spent_before_any_network_is_a_timeout_naming_the_option()
    {
        var dnas = new DnasStrategy(new DnasOptions { WarmupEpochs = 50, SearchEpochs = 5, BatchSize = 256 });
        var error = await Assert.ThrowsAsync<TimeoutException>(() => fixture.Experiment(dnas).SetTimeBudget(TimeSpan.FromMilliseconds(500)).RunAsync());
        Assert.Contains("TimeBudget", error.Message);
    }

    [Fact]
    public void Running_without_a_dataset_says_what_to_call()
    {
        var experiment = new MLContext(1).Ranking().CreateExperiment();
        var error = Assert.Throws<InvalidOperationException>(() => { _ = experiment.RunAsync(); }); // before any work starts
        Assert.Contains("SetDataset", error.Message);
    }

    [Fact]
    public async Task The_experiment_builds_the_space_for_the_data_and_the_strategy_default_cost_weight_applies()
    {
        CtrFeatureShape? seen = null;
        var strategy = new CostWeightProbe();
        using var result = await fixture.Experiment(strategy).SetSearchSpace(shape => { seen = shape; return fixture.Space; }).RunAsync();
        Assert.Equal(fixture.Data.Schema.Cardinalities, seen!.Cardinalities);
        Assert.Equal(0.25, strategy.Seen);
        using var overridden = await fixture.Experiment(strategy = new CostWeightProbe()).SetObjective(costWeight: 0.5).RunAsync();
        Assert.Equal(0.5, strategy.Seen);
    }

    private sealed class CostWeightProbe : ISearchStrategy
    {
        public double? Seen { get; private set; }
        public string Name => "probe";
        public double DefaultCostWeight => 0.25;

        public Task<SearchOutcome> SearchAsync(SearchContext context)
        {
            Seen = context.Objective.CostWeight;
            return Task.FromResult(new SearchOutcome([new SearchCandidate(context.Space.Sample(new Random(1)))]));
        }
    }
}

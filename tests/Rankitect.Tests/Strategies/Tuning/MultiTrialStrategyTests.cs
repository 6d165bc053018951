using Rankitect.Experiment.Store;
using System.Diagnostics;
using Rankitect.Experiment;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.Strategies.MultiTrial;
using Rankitect.Strategies.Tuning;
using Xunit.Abstractions;

namespace Rankitect.Tests.Strategies.Tuning;

[Collection(TuningCollection.Name)]
public class MultiTrialStrategyTests(TuningTestData fixture, ITestOutputHelper output)
{
    private static MultiTrialStrategy Strategy(TunerKind tuner = TunerKind.RegularizedEvolution, int trials = 6) => new(new MultiTrialOptions
    {
        Tuner = tuner, MaxTrials = trials, Evolution = new RegularizedEvolutionOptions { PopulationSize = 3, TournamentSize = 2 },
    });

    private ExperimentResult Run(RankitectExperiment experiment, CancellationToken token = default)
    {
        var clock = Stopwatch.StartNew();
        var result = experiment.RunAsync(token).GetAwaiter().GetResult();
        output.WriteLine($"{result.Strategy}: {result.Trials.Count} trials in {clock.Elapsed.TotalSeconds:F1} s " +
            $"(search {result.SearchSeconds:F1} s, retraining {result.TrainSeconds:F1} s); best {result.BestTrial.Fidelity} " +
            $"NE {result.BestTrial.NormalizedEntropy:F4} at {result.BestTrial.Flops} FLOPs: {result.Architecture}");
        foreach (var t in result.Trials)
            output.WriteLine($"  #{t.TrialId} {t.Fidelity} {t.Status} parent {t.ParentId} NE {t.NormalizedEntropy:F4} FLOPs {t.Flops} {t.Seconds:F2} s [{string.Join(",", t.Indices)}]");
        return result;
    }

    [Fact]
    public void Picks_the_best_retrained_architecture_and_the_monitor_sees_every_trial()
    {
        var monitor = new RecordingMonitor();
        using var result = Run(fixture.Experiment(Strategy()).SetRetraining(topK: 2).SetMonitor(monitor));

        Assert.Equal(monitor.Results, result.Trials);
        Assert.Equal(result.Trials.Select(t => t.TrialId), monitor.Running.Select(t => t.Id));
        Assert.All(result.Trials, t => Assert.True(monitor.Calls.IndexOf($"running {t.TrialId}") < monitor.Calls.IndexOf($"completed {t.TrialId}")));
        var low = result.Trials.Where(t => t.Fidelity == TrialFidelity.Low).ToList();
        var full = result.Trials.Where(t => t.Fidelity == TrialFidelity.Full).ToList();
        Assert.Equal(6, low.Count);
        Assert.Equal(Enumerable.Range(0, 8), result.Trials.Select(t => t.TrialId));
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.All(result.Trials, t => Assert.Equal("regularized-evolution", t.Strategy));
        // Every best report improves on the previous best of its fidelity.
        foreach (var group in monitor.Best.GroupBy(b => b.Fidelity))
            Assert.Equal(group.Select(b => b.Fitness).OrderByDescending(f => f), group.Select(b => b.Fitness));

        // The top 2 distinct low-fidelity architectures were retrained, and the best retrained one returned.
        var expectedParents = low.GroupBy(t => string.Join(",", t.Indices)).Select(g => g.First())
            .OrderBy(t => t.Fitness).ThenBy(t => t.TrialId).Take(2).Select(t => t.TrialId);
        Assert.Equal(expectedParents, full.Select(t => t.ParentId!.Value));
        Assert.Equal(full.MinBy(t => t.Fitness), result.BestTrial);
        Assert.False(result.Cancelled);
        Assert.Equal(result.BestTrial.Parameters, result.Model.ParameterCount);
        Assert.Equal(fixture.Space.CostOf(result.BestTrial.Indices).Flops, result.BestTrial.Flops);
        Assert.Equal(result.BestTrial.Indices, fixture.Space.FromJson(result.ArchitectureJson));
        Assert.True(result.BestTrial.NormalizedEntropy < 0.98, $"NE {result.BestTrial.NormalizedEntropy}");
        var front = ParetoFront.Of(low);
        Assert.NotEmpty(front);
        Assert.All(low.Except(front), t => Assert.Contains(front, f => ParetoFront.Dominates(f, t)));
        var check = Rankitect.Training.CtrTrainer.Evaluate(result.Model, fixture.Data.Validation);
        Assert.Equal(result.BestTrial.NormalizedEntropy, check.NormalizedEntropy, 6);
        Assert.Equal(result.Validation.NormalizedEntropy, check.NormalizedEntropy, 6);
    }

    [Fact]
    public void Same_seed_and_threads_give_the_same_search()
    {
        using var first = Run(fixture.Experiment(Strategy(trials: 4), seed: 8).SetRetraining(topK: 1));
        using var second = Run(fixture.Experiment(Strategy(trials: 4), seed: 8).SetRetraining(topK: 1));
        Assert.Equal(first.BestTrial.Indices, second.BestTrial.Indices);
        Assert.Equal(first.BestTrial.NormalizedEntropy, second.BestTrial.NormalizedEntropy);
        Assert.Equal(first.Trials.Select(t => (string.Join(",", t.Indices), t.NormalizedEntropy, t.Fidelity)),
            second.Trials.Select(t => (string.Join(",", t.Indices), t.NormalizedEntropy, t.Fidelity)));
    }

    [Fact]
    public void Successive_halving_retrains_the_best_of_each_rung_and_ranks_the_highest_rung_first()
    {
        ExperimentResult Search() => Run(fixture.Experiment(Strategy(TunerKind.RandomSearch, trials: 9), seed: 3)
            .SetLowFidelity(new FidelityOptions { RowFraction = 0.2, Epochs = 1, MinExamples = 0, Rungs = 3, HalvingRate = 2 })
            .SetRetraining(topK: 1));
        using var result = Search();
        var low = result.Trials.Where(t => t.Fidelity == TrialFidelity.Low).ToList();
        Assert.Equal(9, low.Count);
        var promoted = low.Where(t => t.Rung > 0).ToList();
        Assert.NotEmpty(promoted);
        Assert.Contains(promoted, t => t.Rung == 2);
        foreach (var t in promoted)
        {
            // A promotion trains its parent's architecture one rung up, and its parent was in the top half of its rung
            // among the trials finished before the promotion was proposed.
            var parent = low.Single(p => p.TrialId == t.ParentId);
            Assert.Equal(t.Rung - 1, parent.Rung);
            Assert.Equal(parent.Indices, t.Indices);
            var rivals = low.Where(r => r.Rung == parent.Rung && r.TrialId < t.TrialId && r.IsCompleted).OrderBy(r => r.Fitness).ToList();
            Assert.True(rivals.IndexOf(parent) < rivals.Count / 2, $"trial {t.TrialId} promoted {parent.TrialId}, rank {rivals.IndexOf(parent)} of {rivals.Count}");
        }
        // The retrained candidate is the best architecture of the highest rung reached.
        var top = low.Where(t => t.Rung == low.Max(r => r.Rung)).MinBy(t => t.Fitness)!;
        var full = result.Trials.Single(t => t.Fidelity == TrialFidelity.Full);
        Assert.Equal(top.TrialId, full.ParentId);

        using var again = Search();
        Assert.Equal(result.Trials.Select(t => (t.Rung, t.ParentId, t.NormalizedEntropy)), again.Trials.Select(t => (t.Rung, t.ParentId, t.NormalizedEntropy)));
    }

    [Fact]
    public void Cancelling_after_the_second_trial_keeps_the_finished_trials()
    {
        using var cancel = new CancellationTokenSource();
        int reported = 0;
        var clock = Stopwatch.StartNew();
        var monitor = new RecordingMonitor(_ => { if (++reported == 2) cancel.Cancel(); });
        using var result = Run(fixture.Experiment(Strategy(TunerKind.RandomSearch, trials: 50)).SetMonitor(monitor), cancel.Token);

        Assert.True(result.Cancelled);
        Assert.Equal(2, result.Trials.Count);
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.Equal(TrialFidelity.Low, result.BestTrial.Fidelity);
        Assert.Equal(result.Trials.MinBy(t => t.Fitness), result.BestTrial);
        Assert.Equal(result.BestTrial.Parameters, result.Model.ParameterCount);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void A_search_resumed_from_its_store_replays_the_finished_trials_and_ends_like_an_uninterrupted_one()
    {
        var folder = Directory.CreateTempSubdirectory("rankitect-resume-").FullName;
        try
        {
            RankitectExperiment Experiment() => fixture.Experiment(Strategy(trials: 6), seed: 5).SetRetraining(topK: 1);
            using var uninterrupted = Run(Experiment());

            var path = Path.Combine(folder, "trials.db");
            IReadOnlyList<TrialResult> before;
            using (var store = new SqliteTrialStore(path))
            {
                using var cancel = new CancellationTokenSource();
                int reported = 0;
                var monitor = new RecordingMonitor(_ => { if (++reported == 3) cancel.Cancel(); });
                using var stopped = Run(Experiment().SetMonitor(monitor).SetStore(store), cancel.Token);
                Assert.True(stopped.Cancelled);
                before = stopped.Trials.Where(t => t.Fidelity == TrialFidelity.Low && t.IsCompleted).ToList();
                Assert.InRange(before.Count, 3, 4);
                Assert.Throws<StudyConflictException>(() => Run(Experiment().SetStore(store))); // not without asking to resume
            }

            using (var other = new SqliteTrialStore(path))
            {
                // Other strategy options (more trials) are another search: refused, naming what differs.
                var changed = Assert.Throws<StudyConflictException>(() => Run(fixture.Experiment(Strategy(trials: 7), seed: 5)
                    .SetRetraining(topK: 1).ResumeFrom(other)));
                Assert.Contains("these differ: strategyOptions.", changed.Message);
            }

            using var reopened = new SqliteTrialStore(path);
            using var resumed = Run(Experiment().ResumeFrom(reopened));
            Assert.Equal(uninterrupted.Trials.Select(t => (string.Join(",", t.Indices), t.NormalizedEntropy, t.Fidelity)),
                resumed.Trials.Select(t => (string.Join(",", t.Indices), t.NormalizedEntropy, t.Fidelity)));
            Assert.Equal(uninterrupted.Validation.NormalizedEntropy, resumed.Validation.NormalizedEntropy);
            // The finished trials were taken from the store, not trained again: their measured seconds are the stored ones.
            foreach (var t in before)
                Assert.Equal(t.Seconds, resumed.Trials.Single(r => r.TrialId == t.TrialId).Seconds);
            var all = reopened.Open(new Rankitect.Experiment.Store.StudyDescription("unused", new Dictionary<string, string>()), resume: true);
            Assert.Empty(all); // another study name: nothing
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_trial_past_the_memory_limit_is_stopped_and_recorded_as_failed_and_the_search_goes_on()
    {
        long before = Environment.WorkingSet / (1024 * 1024);
        var runner = new GreedyTrialRunner(greedyTrial: 1, megabytes: 800);
        using var result = Run(fixture.Experiment(Strategy(TunerKind.RandomSearch, trials: 6))
            .SetTrialRunner(runner).SetMemoryLimit((int)before + 400).SetRetraining(topK: 1));

        var greedy = result.Trials.Single(t => t.TrialId == 1);
        Assert.Equal(TrialStatus.Failed, greedy.Status);
        Assert.Contains("MaximumMemoryMB", greedy.Error);
        Assert.True(runner.SawCancellation, "the greedy trial was never told to stop");
        Assert.Contains(result.Trials, t => t.TrialId > 1 && t.IsCompleted); // the search went on
        Assert.False(result.Cancelled);
        Assert.NotNull(result.Model);
    }

    // Trains like the default runner, except one trial, which holds a large native tensor until it is cancelled.
    private sealed class GreedyTrialRunner(int greedyTrial, int megabytes) : ITrialRunner
    {
        public bool SawCancellation { get; private set; }

        public Task<TrialOutcome> RunAsync(TrialSettings settings, CancellationToken cancellationToken)
        {
            if (settings.Trial.Id != greedyTrial)
                return new TrainingTrialRunner().RunAsync(settings, cancellationToken);
            Rankitect.Native.TorchRuntime.EnsureLoaded(); // as every Rankitect path does before touching TorchSharp
            using var hog = TorchSharp.torch.ones(megabytes * 1024L * 1024L / sizeof(float)); // touched: resident
            SawCancellation = cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException("the memory guard never stopped the greedy trial");
        }
    }

    [Fact]
    public void Cancelled_before_any_trial_finished_throws()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Run(fixture.Experiment(Strategy()), cancel.Token));
    }

    [Fact]
    public void Parallel_trials_match_sequential_trials_with_the_same_thread_split()
    {
        // Two trials at once with one thread each, or one at a time with one thread: same trials, same results.
        using var parallel = Run(fixture.Experiment(Strategy(TunerKind.RandomSearch, trials: 4), parallelism: 2).SetRetraining(topK: 0));
        using var sequential = Run(fixture.Experiment(Strategy(TunerKind.RandomSearch, trials: 4), threads: 1).SetRetraining(topK: 0));
        Assert.Equal(parallel.Trials.Select(t => t.NormalizedEntropy), sequential.Trials.Select(t => t.NormalizedEntropy));
        Assert.Equal(TrialFidelity.Low, parallel.BestTrial.Fidelity); // TopK = 0: no retraining
    }

    [Fact]
    public void The_search_time_budget_ends_the_search_and_the_retraining_follows()
    {
        using var result = Run(fixture.Experiment(Strategy(TunerKind.RandomSearch, trials: 10_000))
            .SetRetraining(topK: 1).SetTimeBudget(total: null, search: TimeSpan.FromSeconds(3)));
        Assert.False(result.Cancelled);
        // The budget, not the 10,000 trials, ended the search (how many fit in 3 s depends on the machine).
        Assert.InRange(result.Trials.Count(t => t.Fidelity == TrialFidelity.Low && t.IsCompleted), 1, 9_999);
        Assert.Equal(TrialFidelity.Full, result.BestTrial.Fidelity);
    }

    [Fact]
    public void A_failing_trial_is_recorded_and_the_search_goes_on()
    {
        // The space refuses to build networks whose first choice is its first candidate.
        var space = new BuildFailingSpace(fixture.Space, indices => indices[0] == 0);
        var monitor = new RecordingMonitor();
        using var result = Run(fixture.Experiment(Strategy(TunerKind.RandomSearch, trials: 8), space: space).SetRetraining(topK: 1).SetMonitor(monitor));
        var failed = result.Trials.Where(t => t.Status == TrialStatus.Failed).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, t => { Assert.Equal(0, t.Indices[0]); Assert.Contains("refused", t.Error); Assert.True(double.IsNaN(t.Fitness)); });
        Assert.All(failed, t => Assert.Contains($"failed {t.TrialId}", monitor.Calls));
        Assert.NotEqual(0, result.BestTrial.Indices[0]);
        Assert.Equal(TrialFidelity.Full, result.BestTrial.Fidelity);
    }

    internal sealed class BuildFailingSpace(IArchitectureSpace inner, Func<IReadOnlyList<int>, bool> fails) : IArchitectureSpace
    {
        public string Name => inner.Name;
        public Rankitect.SearchSpaces.Abstractions.CtrFeatureShape Shape => inner.Shape;
        public IReadOnlyList<SearchChoice> Choices => inner.Choices;
        public int[] Sample(Random random) => inner.Sample(random);
        public IReadOnlyList<string> Check(IReadOnlyList<int> indices) => inner.Check(indices);
        public Rankitect.SearchSpaces.Cost.CostTerms<T> Cost<T>(Rankitect.SearchSpaces.Cost.ICostAlgebra<T> algebra) => inner.Cost(algebra);
        public Rankitect.SearchSpaces.Modules.CtrModule Build(IReadOnlyList<int> indices)
            => fails(indices) ? throw new NotSupportedException("The test space refused to build it.") : inner.Build(indices);
        public Rankitect.SearchSpaces.Modules.CtrSupernet CreateSupernet() => inner.CreateSupernet();
        public string Describe(IReadOnlyList<int> indices) => inner.Describe(indices);
        public string ToJson(IReadOnlyList<int> indices) => inner.ToJson(indices);
        public int[] FromJson(string json) => inner.FromJson(json);
    }

    [Fact]
    public void Bad_options_name_the_option_and_value()
    {
        void Throws(string name, Action action) => Assert.Equal(name, Assert.ThrowsAny<ArgumentException>(action).ParamName);
        Throws("MaxTrials", () => new MultiTrialStrategy(new MultiTrialOptions { MaxTrials = 0 }));
        Throws("PopulationSize", () => new MultiTrialStrategy(new MultiTrialOptions { Evolution = new RegularizedEvolutionOptions { PopulationSize = 0 } }));
        var experiment = fixture.Experiment(Strategy());
        Throws("topK", () => experiment.SetRetraining(topK: -1));
        Throws("search", () => experiment.SetTimeBudget(null, TimeSpan.Zero));
        Throws("parallelism", () => experiment.SetThreads(2, 3));
        Throws("RowFraction", () => experiment.SetLowFidelity(new FidelityOptions { RowFraction = 0 }));
        Throws("flopsBudget", () => experiment.SetObjective(flopsBudget: 0));
    }
}

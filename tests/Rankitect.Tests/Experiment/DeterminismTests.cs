using Rankitect.Experiment;
using Rankitect.Native;
using Rankitect.Strategies.MultiTrial;
using Rankitect.Strategies.Tuning;
using Rankitect.Tests.Strategies.Tuning;
using Rankitect.Training;
using TorchSharp;

namespace Rankitect.Tests.Experiment;

/// <summary>What makes runs repeat across processes.</summary>
[Collection(TuningCollection.Name)]
public class DeterminismTests(TuningTestData fixture)
{
    private static MultiTrialStrategy Strategy(TunerKind tuner, int trials) => new(new MultiTrialOptions
    {
        Tuner = tuner, MaxTrials = trials, Evolution = new RegularizedEvolutionOptions { PopulationSize = 3, TournamentSize = 2 },
    });

    private static ExperimentResult Run(RankitectExperiment experiment) => experiment.RunAsync().GetAwaiter().GetResult();

    private static IEnumerable<(int, string, TrialFidelity, TrialStatus, double, int?)> Table(IEnumerable<TrialResult> trials)
        => trials.Select(t => (t.TrialId, string.Join(",", t.Indices), t.Fidelity, t.Status, t.NormalizedEntropy, t.ParentId));

    [Fact]
    public void The_thread_count_belongs_to_the_os_thread()
    {
        // The fact TorchThreads is built on: a count set on one thread does not change another thread's.
        TorchRuntime.EnsureLoaded();
        using var first = new Barrier(2);
        using var second = new Barrier(2);
        int seen = 0;
        var one = new Thread(() =>
        {
            TorchThreads.Use(1);
            first.SignalAndWait();  // the other thread sets 2 now
            second.SignalAndWait();
            seen = torch.get_num_threads();
        });
        var two = new Thread(() =>
        {
            first.SignalAndWait();
            TorchThreads.Use(2);
            second.SignalAndWait();
        });
        one.Start();
        two.Start();
        one.Join();
        two.Join();
        Assert.Equal(1, seen);
    }

    [Fact]
    public void The_final_evaluation_uses_the_experiments_threads_even_on_a_thread_a_parallel_trial_left_with_fewer()
    {
        // Two retrainings at once get one thread each; the final evaluation resumes on one of their threads and must
        // still run with the experiment's two (a different count splits float reductions differently).
        var observed = new List<(string What, int Thread, int TorchThreads)>();
        var monitor = new RecordingMonitor(result =>
        {
            if (result.Fidelity == TrialFidelity.Full)
                observed.Add(("retrained", Environment.CurrentManagedThreadId, torch.get_num_threads()));
        });
        var progress = new SyncProgress<RankitectProgress>(p =>
        {
            // The final network's line ("...: validation NE ..., n FLOPs/example"), not a trial's.
            if (p.Phase == "train" && p.Message.Contains("validation NE", StringComparison.Ordinal) && p.Message.Contains("FLOPs/example", StringComparison.Ordinal))
                observed.Add(("evaluated", Environment.CurrentManagedThreadId, torch.get_num_threads()));
        });
        using var result = Run(fixture.Experiment(Strategy(TunerKind.RandomSearch, trials: 2), threads: 2, parallelism: 2)
            .SetRetraining(topK: 2).SetMonitor(monitor).SetProgress(progress));

        var retrained = observed.Where(o => o.What == "retrained").ToList();
        var evaluated = Assert.Single(observed, o => o.What == "evaluated");
        Assert.Equal(2, retrained.Count);
        Assert.All(retrained, r => Assert.Equal(1, r.TorchThreads)); // the retraining threads ran 1-thread trials
        Assert.Contains(retrained, r => r.Thread == evaluated.Thread); // and the evaluation resumed on one of them
        Assert.Equal(2, evaluated.TorchThreads);
    }

    [Fact]
    public void A_deterministic_parallel_search_repeats_to_the_last_bit_and_says_so()
    {
        using var first = Run(fixture.Experiment(Strategy(TunerKind.RegularizedEvolution, trials: 6), threads: 2, parallelism: 2).SetRetraining(topK: 1));
        using var second = Run(fixture.Experiment(Strategy(TunerKind.RegularizedEvolution, trials: 6), threads: 2, parallelism: 2).SetRetraining(topK: 1));
        Assert.Equal(Table(first.Trials), Table(second.Trials));
        Assert.Equal(first.Validation.NormalizedEntropy, second.Validation.NormalizedEntropy); // exact, not within a tolerance
        Assert.True(first.Reproducible);
        Assert.Equal(0, first.TuningSeconds); // the fixture turns the recipe search off
    }

    [Fact]
    public void A_nondeterministic_search_runs_every_trial_with_its_share_of_threads_and_is_not_marked_reproducible()
    {
        var runner = new ThreadCountingRunner();
        using var result = Run(fixture.Experiment(Strategy(TunerKind.RegularizedEvolution, trials: 7), threads: 2, parallelism: 2)
            .SetRetraining(topK: 1).SetDeterministic(false).SetTrialRunner(runner));
        var low = result.Trials.Where(t => t.Fidelity == TrialFidelity.Low).ToList();
        Assert.Equal(7, low.Count); // an odd count: the last trial starts alone and still gets one thread, not two
        Assert.All(low, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.Equal(Enumerable.Range(0, 7), low.Select(t => t.TrialId).Order());
        Assert.Equal(7, runner.LowFidelityThreads.Count);
        Assert.All(runner.LowFidelityThreads, t => Assert.Equal(1, t));
        Assert.False(result.Reproducible);
    }

    [Fact]
    public void A_search_stopped_by_its_time_budget_is_not_marked_reproducible()
    {
        using var result = Run(fixture.Experiment(Strategy(TunerKind.RandomSearch, trials: 10_000), threads: 2, parallelism: 2)
            .SetRetraining(topK: 1).SetTimeBudget(total: null, search: TimeSpan.FromSeconds(2)));
        Assert.False(result.Cancelled);
        Assert.False(result.Reproducible);
    }

    // The default runner, noting the threads each low-fidelity trial was given.
    private sealed class ThreadCountingRunner : ITrialRunner
    {
        private readonly TrainingTrialRunner _inner = new();
        public System.Collections.Concurrent.ConcurrentBag<int> LowFidelityThreads { get; } = new();

        public Task<TrialOutcome> RunAsync(TrialSettings settings, CancellationToken cancellationToken)
        {
            if (settings.Trial.Fidelity == TrialFidelity.Low)
                LowFidelityThreads.Add(settings.Threads);
            return _inner.RunAsync(settings, cancellationToken);
        }
    }
}

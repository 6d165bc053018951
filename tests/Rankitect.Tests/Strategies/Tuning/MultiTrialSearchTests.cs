using System.Diagnostics;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.Strategies.Tuning;
using Xunit.Abstractions;

namespace Rankitect.Tests.Strategies.Tuning;

[Collection(TuningCollection.Name)]
public class MultiTrialSearchTests(TuningTestData fixture, ITestOutputHelper output)
{
    private static MultiTrialSearchOptions Options(TunerKind tuner = TunerKind.RegularizedEvolution, int trials = 6, int topK = 2,
        int seed = 4, int? parallelism = null) => new()
    {
        Tuner = tuner, MaxTrials = trials, TopK = topK, Seed = seed, Runner = TuningTestData.Runner(parallelism: parallelism),
        Evolution = new RegularizedEvolutionOptions { PopulationSize = 3, TournamentSize = 2 },
    };

    private ArchitectureSearchResult Run(MultiTrialSearchOptions options, List<TrialResult>? reports = null,
        Action<TrialResult>? onReport = null, CancellationToken token = default)
    {
        var clock = Stopwatch.StartNew();
        var progress = new SyncProgress<TrialResult>(r => { reports?.Add(r); onReport?.Invoke(r); });
        var result = new MultiTrialSearch(options).Search(fixture.Space, fixture.Data.Train, fixture.Data.Validation, progress, token);
        output.WriteLine($"{result.Strategy}: {result.Trials.Count} trials in {clock.Elapsed.TotalSeconds:F1} s " +
            $"(search {result.SearchSeconds:F1} s, retraining {result.RetrainingSeconds:F1} s); best {result.Best.Fidelity} " +
            $"NE {result.Best.NormalizedEntropy:F4} at {result.Best.Flops} FLOPs: {result.Architecture}");
        foreach (var t in result.Trials)
            output.WriteLine($"  #{t.TrialId} {t.Fidelity} {t.Status} parent {t.ParentId} NE {t.NormalizedEntropy:F4} FLOPs {t.Flops} {t.Seconds:F2} s [{string.Join(",", t.Indices)}]");
        return result;
    }

    [Fact]
    public void Picks_the_best_retrained_architecture_and_reports_every_trial()
    {
        var reports = new List<TrialResult>();
        using var result = Run(Options(), reports);

        Assert.Equal(reports, result.Trials);
        var low = result.Trials.Where(t => t.Fidelity == TrialFidelity.Low).ToList();
        var full = result.Trials.Where(t => t.Fidelity == TrialFidelity.Full).ToList();
        Assert.Equal(6, low.Count);
        Assert.Equal(Enumerable.Range(0, 8), result.Trials.Select(t => t.TrialId));
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.All(result.Trials, t => Assert.Equal("regularized-evolution", t.Strategy));

        // The top 2 distinct low-fidelity architectures were retrained, and the best retrained one returned.
        var expectedParents = low.GroupBy(t => string.Join(",", t.Indices)).Select(g => g.First())
            .OrderBy(t => t.Fitness).ThenBy(t => t.TrialId).Take(2).Select(t => t.TrialId);
        Assert.Equal(expectedParents, full.Select(t => t.ParentId!.Value));
        Assert.Equal(full.MinBy(t => t.Fitness), result.Best);
        Assert.False(result.Cancelled);
        Assert.Equal(result.Best.Parameters, result.Model.ParameterCount);
        Assert.Equal(fixture.Space.CostOf(result.Indices).Flops, result.Best.Flops);
        Assert.Equal(result.Indices, fixture.Space.FromJson(result.ArchitectureJson));
        Assert.True(result.Best.NormalizedEntropy < 0.98, $"NE {result.Best.NormalizedEntropy}");
        var front = result.ParetoFrontOf(TrialFidelity.Low);
        Assert.NotEmpty(front);
        Assert.All(low.Except(front), t => Assert.Contains(front, f => ParetoFront.Dominates(f, t)));
        var check = Rankitect.Training.CtrTrainer.Evaluate(result.Model, fixture.Data.Validation);
        Assert.Equal(result.Best.NormalizedEntropy, check.NormalizedEntropy, 6);
    }

    [Fact]
    public void Same_seed_and_threads_give_the_same_search()
    {
        using var first = Run(Options(trials: 4, topK: 1, seed: 8));
        using var second = Run(Options(trials: 4, topK: 1, seed: 8));
        Assert.Equal(first.Indices, second.Indices);
        Assert.Equal(first.Best.NormalizedEntropy, second.Best.NormalizedEntropy);
        Assert.Equal(first.Trials.Select(t => (string.Join(",", t.Indices), t.NormalizedEntropy, t.Fidelity)),
            second.Trials.Select(t => (string.Join(",", t.Indices), t.NormalizedEntropy, t.Fidelity)));
    }

    [Fact]
    public void Cancelling_after_the_second_trial_keeps_the_finished_trials()
    {
        using var cancel = new CancellationTokenSource();
        int reported = 0;
        var clock = Stopwatch.StartNew();
        using var result = Run(Options(tuner: TunerKind.RandomSearch, trials: 50), onReport: _ => { if (++reported == 2) cancel.Cancel(); },
            token: cancel.Token);

        Assert.True(result.Cancelled);
        Assert.Equal(2, result.Trials.Count);
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.Equal(TrialFidelity.Low, result.Best.Fidelity);
        Assert.Equal(result.Trials.MinBy(t => t.Fitness), result.Best);
        Assert.Equal(result.Best.Parameters, result.Model.ParameterCount);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void Cancelled_before_any_trial_finished_throws()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Run(Options(), token: cancel.Token));
    }

    [Fact]
    public void Parallel_trials_match_sequential_trials_with_the_same_thread_split()
    {
        // Two trials at once with one thread each, or one at a time with one thread: same trials, same results.
        using var parallel = Run(Options(TunerKind.RandomSearch, trials: 4, topK: 0, parallelism: 2));
        var sequentialOptions = Options(TunerKind.RandomSearch, trials: 4, topK: 0);
        sequentialOptions.Runner.Threads = 1;
        using var sequential = Run(sequentialOptions);
        Assert.Equal(parallel.Trials.Select(t => t.NormalizedEntropy), sequential.Trials.Select(t => t.NormalizedEntropy));
        Assert.Equal(TrialFidelity.Low, parallel.Best.Fidelity); // TopK = 0: no retraining
    }

    [Fact]
    public void The_time_budget_ends_the_search_and_the_retraining_follows()
    {
        var options = Options(TunerKind.RandomSearch, trials: 10_000, topK: 1);
        options.TimeBudget = TimeSpan.FromSeconds(3);
        using var result = Run(options);
        Assert.False(result.Cancelled);
        Assert.InRange(result.Trials.Count(t => t.Fidelity == TrialFidelity.Low), 1, 200);
        Assert.Equal(TrialFidelity.Full, result.Best.Fidelity);
    }

    [Fact]
    public void A_failing_trial_is_recorded_and_the_search_goes_on()
    {
        // The space refuses to build networks whose first choice is its first candidate.
        var space = new BuildFailingSpace(fixture.Space, indices => indices[0] == 0);
        var reports = new List<TrialResult>();
        using var result = new MultiTrialSearch(Options(TunerKind.RandomSearch, trials: 8, topK: 1))
            .Search(space, fixture.Data.Train, fixture.Data.Validation, new SyncProgress<TrialResult>(reports.Add));
        var failed = result.Trials.Where(t => t.Status == TrialStatus.Failed).ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, t => { Assert.Equal(0, t.Indices[0]); Assert.Contains("refused", t.Error); Assert.True(double.IsNaN(t.Fitness)); });
        Assert.NotEqual(0, result.Indices[0]);
        Assert.Equal(TrialFidelity.Full, result.Best.Fidelity);
    }

    private sealed class BuildFailingSpace(IArchitectureSpace inner, Func<IReadOnlyList<int>, bool> fails) : IArchitectureSpace
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
        void Throws(string name, Action<MultiTrialSearchOptions> change)
        {
            var options = Options();
            change(options);
            var error = Assert.ThrowsAny<ArgumentException>(() => new MultiTrialSearch(options));
            Assert.Equal(name, error.ParamName);
        }
        Throws("MaxTrials", o => o.MaxTrials = 0);
        Throws("TopK", o => o.TopK = -1);
        Throws("TimeBudget", o => o.TimeBudget = TimeSpan.Zero);
        Throws("Parallelism", o => o.Runner = new TrialRunnerOptions { Threads = 2, Parallelism = 3 });
        Throws("LowFidelityRowFraction", o => o.Runner.LowFidelityRowFraction = 0);
        Throws("FlopsBudget", o => o.Objective.FlopsBudget = 0);
        Throws("PopulationSize", o => o.Evolution.PopulationSize = 0);
    }
}

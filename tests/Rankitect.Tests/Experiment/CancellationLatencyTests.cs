using System.Diagnostics;
using Rankitect.Experiment;
using Rankitect.Native;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Tests.Strategies.Tuning;
using Rankitect.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Rankitect.Tests.Experiment;

/// <summary>What a cancelled run keeps and how quickly it returns (the bench's <c>reliability</c> suite measures the
/// latency on 200k rows): a retraining cancelled before its first checkpoint keeps its steps, the fallback training
/// after a cancelled search is time-boxed, and the final metrics are the training's own measurement.</summary>
[Collection(TuningCollection.Name)]
public class CancellationLatencyTests(TuningTestData fixture, ITestOutputHelper output)
{
    /// <summary>A network of the inner space that runs <c>onTrainingStep</c> before every training forward pass (with the
    /// number of training passes so far) and is otherwise the inner network.</summary>
    private sealed class Instrumented : CtrModule
    {
        private readonly CtrModule inner;
        private readonly Action<int> _onTrainingStep;
        private int _steps;

        public Instrumented(CtrModule inner, Action<int> onTrainingStep) : base("instrumented")
        {
            this.inner = inner;
            _onTrainingStep = onTrainingStep;
            RegisterComponents();
        }

        public override Tensor forward(Tensor dense, Tensor ids)
        {
            if (training) _onTrainingStep(_steps++);
            return inner.forward(dense, ids);
        }
    }

    private sealed class InstrumentedSpace(IArchitectureSpace inner, Action<int> onTrainingStep) : IArchitectureSpace
    {
        public string Name => inner.Name;
        public CtrFeatureShape Shape => inner.Shape;
        public IReadOnlyList<SearchChoice> Choices => inner.Choices;
        public int[] Sample(Random random) => inner.Sample(random);
        public IReadOnlyList<string> Check(IReadOnlyList<int> indices) => inner.Check(indices);
        public Rankitect.SearchSpaces.Cost.CostTerms<T> Cost<T>(Rankitect.SearchSpaces.Cost.ICostAlgebra<T> algebra) => inner.Cost(algebra);
        public CtrModule Build(IReadOnlyList<int> indices) => new Instrumented(inner.Build(indices), onTrainingStep);
        public CtrSupernet CreateSupernet() => inner.CreateSupernet();
        public string Describe(IReadOnlyList<int> indices) => inner.Describe(indices);
        public string ToJson(IReadOnlyList<int> indices) => inner.ToJson(indices);
        public int[] FromJson(string json) => inner.FromJson(json);
    }

    /// <summary>Proposes one architecture without training anything; optionally cancels the run as it returns (a search
    /// cancelled after it found its candidate, as DNAS is after its first architecture step).</summary>
    private sealed class ProposeStrategy(CancellationTokenSource? cancelOnReturn = null) : ISearchStrategy
    {
        public string Name => "propose";

        public Task<SearchOutcome> SearchAsync(SearchContext context)
        {
            var indices = context.Space.Sample(new Random(context.DeriveSeed(1)));
            cancelOnReturn?.Cancel();
            return Task.FromResult(new SearchOutcome([new SearchCandidate(indices)]));
        }
    }

    [Fact]
    public async Task A_retraining_cancelled_before_its_first_checkpoint_keeps_its_steps()
    {
        using var cts = new CancellationTokenSource();
        // One checkpoint per epoch (47 steps of 128 rows); the user cancels during the third step.
        var space = new InstrumentedSpace(fixture.Space, step => { if (step == 2) cts.Cancel(); });
        var clock = Stopwatch.StartNew();
        using var result = await fixture.Experiment(new ProposeStrategy(), threads: 1, space: space).SetRetraining(topK: 1).RunAsync(cts.Token);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F2} s: {result.BestTrial}");

        Assert.True(result.Cancelled);
        Assert.Equal(TrialFidelity.Full, result.BestTrial.Fidelity); // the retraining itself, not a fallback training
        Assert.Equal(TrialStatus.Cancelled, result.BestTrial.Status);
        Assert.DoesNotContain(result.Trials, t => t.Fidelity == TrialFidelity.Low);
        Assert.True(double.IsFinite(result.Validation.NormalizedEntropy));
        Assert.Equal(result.BestTrial.NormalizedEntropy, result.Validation.NormalizedEntropy);
        Assert.Equal(CtrTrainer.Evaluate(result.Model, fixture.Data.Validation).NormalizedEntropy, result.Validation.NormalizedEntropy, 6);
    }

    [Fact]
    public async Task The_fallback_training_after_a_cancelled_search_is_time_boxed()
    {
        using var cts = new CancellationTokenSource();
        // 100 ms per training step: the fallback's epoch (47 steps of 128 rows) would take about 5 s.
        TorchRuntime.EnsureLoaded(); // loading libtorch (seconds on a busy machine) is not the fallback's time
        var space = new InstrumentedSpace(fixture.Space, _ => Thread.Sleep(100));
        var clock = Stopwatch.StartNew();
        using var result = await fixture.Experiment(new ProposeStrategy(cancelOnReturn: cts), threads: 1, space: space).SetRetraining(topK: 1)
            .SetProgress(new SyncProgress<RankitectProgress>(p => output.WriteLine($"{clock.Elapsed.TotalSeconds:F2} {p.Phase}: {p.Message}"))).RunAsync(cts.Token);
        double seconds = clock.Elapsed.TotalSeconds;
        output.WriteLine($"{seconds:F2} s: {result.BestTrial}");

        Assert.True(result.Cancelled);
        Assert.Equal(TrialFidelity.Low, result.BestTrial.Fidelity); // the short training of the first candidate
        Assert.InRange(result.BestTrial.Seconds, PostSearchStage.FallbackTrainingTime.TotalSeconds, 3.0);
        Assert.True(seconds < 4.0, $"the cancelled run took {seconds:F2} s");
        Assert.True(double.IsFinite(result.Validation.NormalizedEntropy));
        Assert.Equal(CtrTrainer.Evaluate(result.Model, fixture.Data.Validation).NormalizedEntropy, result.Validation.NormalizedEntropy, 6);
    }

    [Fact]
    public async Task An_uncancelled_run_reports_the_metrics_of_the_network_it_returns()
    {
        using var result = await fixture.Experiment(new ProposeStrategy(), threads: 1).SetRetraining(topK: 1).RunAsync();
        Assert.False(result.Cancelled);
        Assert.Equal(TrialStatus.Completed, result.BestTrial.Status);
        var again = CtrTrainer.Evaluate(result.Model, fixture.Data.Validation);
        Assert.Equal(again.NormalizedEntropy, result.Validation.NormalizedEntropy, 6);
        Assert.Equal(again.Auc, result.Validation.Auc, 6);
        Assert.Equal(again.Count, result.Validation.Count);
    }
}

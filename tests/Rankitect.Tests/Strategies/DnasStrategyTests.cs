using TorchSharp;
using System.Diagnostics;
using Microsoft.ML;
using Rankitect.Data;
using Rankitect.Data.Synthetic;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Experiment;
using Rankitect.Strategies.Dnas;
using Rankitect.Tests.Training;
using Rankitect.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Rankitect.Tests.Strategies;

public class DnasStrategyTests : IClassFixture<TrainingTestData>
{
    private readonly TrainingTestData _fixture;
    private readonly ITestOutputHelper _output;

    public DnasStrategyTests(TrainingTestData fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private PreparedCtrData Data => _fixture.Data;

    private static readonly DlrmSpaceOptions TinySpace = new()
    {
        BottomLayers = 2, TopLayers = 2, LayerWidths = new[] { 16, 32, 64 }, EmbeddingDims = new[] { 4, 8, 16 },
        InteractionWidth = 8,
    };

    private static DnasOptions Options(int searchEpochs = 3) => new()
    {
        WarmupEpochs = 1, SearchEpochs = searchEpochs, BatchSize = 512, ThetaLearningRate = 0.1, WeightLearningRate = 0.003,
    };

    internal static RankitectExperiment Experiment(PreparedCtrData data, DlrmSpaceOptions space, DnasOptions options, double costWeight,
        long? budget = null, int seed = 1, CtrTrainingOptions? training = null)
        => new MLContext(seed).Ranking().CreateExperiment()
            .SetDataset(data)
            .SetSearchSpace(shape => new DlrmSpace(shape, space))
            .SetStrategy(new DnasStrategy(options))
            .SetObjective(costWeight, budget)
            .SetTraining(training ?? new CtrTrainingOptions { MaxEpochs = 2, BatchSize = 512 })
            .SetTrainingSearch(new TrainingSearchOptions { Trials = 0 })
            .SetSeed(seed)
            .SetThreads(2);

    private ExperimentResult Run(double costWeight, long? budget = null, int seed = 1, DnasOptions? options = null,
        IProgress<RankitectProgress>? progress = null, CancellationToken token = default)
    {
        var clock = Stopwatch.StartNew();
        var experiment = Experiment(Data, TinySpace, options ?? Options(), costWeight, budget, seed);
        if (progress is not null) experiment.SetProgress(progress);
        var result = experiment.RunAsync(token).GetAwaiter().GetResult();
        _output.WriteLine($"c={costWeight} budget={budget}: {result.Architecture} ({Space.Decode(result.BestTrial.Indices).ArchId}), " +
            $"FLOPs {result.Cost.Flops}, params {result.Cost.Parameters}, E[FLOPs] {result.History[^1].ExpectedFlops:F0}, " +
            $"NE {result.Validation.NormalizedEntropy:F4}, {clock.Elapsed.TotalSeconds:F1} s (retraining {result.TrainSeconds:F1} s)");
        return result;
    }

    private DlrmSpace Space => new(new CtrFeatureShape(Data.Schema.DenseWidth, Data.Schema.Cardinalities), TinySpace);

    [Fact]
    public void SupernetMixesEveryChoice()
    {
        var space = Space;
        AssertEveryChoiceAffectsTheOutput(space, Data.Train);
    }

    [Fact]
    public void RunsEndToEndAndReturnsAValidRetrainedArchitecture()
    {
        var reports = new List<RankitectProgress>();
        using var result = Run(0.003, progress: new SyncProgress<RankitectProgress>(reports.Add));
        var architecture = Space.Decode(result.BestTrial.Indices);
        Assert.Empty(Space.Validate(architecture));
        Assert.False(result.Cancelled);
        Assert.Equal("dnas", result.Strategy);
        Assert.Equal(new DlrmCostModel(Space).Estimate(architecture), result.Cost);
        Assert.Equal(result.Cost.Parameters, result.Model.ParameterCount);
        // The retrained network, Platt-scaled on the validation rows (RankitectOptions.Calibrate, on by default).
        Assert.Equal(architecture, Assert.IsType<SearchedDlrm>(Assert.IsType<CalibratedModule>(result.Model).Network).Architecture);
        Assert.Equal(architecture.ToJson(), result.ArchitectureJson);
        Assert.True(result.Validation.NormalizedEntropy < 0.95, $"NE {result.Validation.NormalizedEntropy:F4}");
        // One trial: the derived architecture retrained at full fidelity by the experiment.
        var trial = Assert.Single(result.Trials);
        Assert.Equal(TrialFidelity.Full, trial.Fidelity);
        Assert.Equal(trial, result.BestTrial);
        Assert.Equal(trial.NormalizedEntropy, result.Validation.NormalizedEntropy, 6);
        Assert.Contains(reports, r => r.Phase == "featurize");
        Assert.Contains(reports, r => r.Phase == "search" && r.Message.StartsWith("epoch 2:", StringComparison.Ordinal));
        Assert.Equal(1, reports[^1].TrialsCompleted);
        Assert.Equal(trial.NormalizedEntropy, reports[^1].BestValidationNe);

        // History: epoch ends (1 warm-up + 3 architecture epochs) and theta steps, temperatures decaying as T0 exp(-r a).
        var ends = result.History.Where(h => h.IsEpochEnd).ToArray();
        Assert.Equal(4, ends.Length);
        var expectedTemperatures = new[] { 1.0, 1.0, Math.Exp(-0.2), Math.Exp(-0.4) };
        for (int i = 0; i < ends.Length; i++)
            Assert.Equal(expectedTemperatures[i], ends[i].Temperature!.Value, 12);
        Assert.Contains(result.History, h => !h.IsEpochEnd && h.ArchitectureLoss is not null);
        Assert.All(result.History.Where(h => !h.IsEpochEnd), h => Assert.True(double.IsNaN(h.WeightLoss))); // weight steps are not kept
        Assert.All(ends[^1].Probabilities.Values, p => Assert.Equal(1.0, p.Sum(), 1e-6));
        Assert.Equal(Space.Choices.Select(c => c.Name), ends[^1].Probabilities.Keys);
        // Warm-up leaves theta at 0: uniform probabilities.
        Assert.All(ends[0].Probabilities.Values, p => Assert.All(p, x => Assert.Equal(1.0 / p.Length, x, 1e-6)));
    }

    [Fact]
    public void ALargerCostWeightDerivesAnArchitectureWithFewerFlops()
    {
        using var free = Run(0.0);
        using var costly = Run(1.0);
        Assert.True(costly.Cost.Flops < free.Cost.Flops,
            $"FLOPs with c = 1: {costly.Cost.Flops}; with c = 0: {free.Cost.Flops}.");
        Assert.True(costly.History[^1].ExpectedFlops < 0.5 * free.History[^1].ExpectedFlops,
            $"E[FLOPs] with c = 1: {costly.History[^1].ExpectedFlops:F0}; with c = 0: {free.History[^1].ExpectedFlops:F0}.");
    }

    [Fact]
    public void ATighterFlopsBudgetDerivesAnArchitectureWithinIt()
    {
        using var tight = Run(1.0, budget: 4_000);
        using var unbound = Run(1.0, budget: 1_000_000_000); // never binds: the hinge is 0, so theta follows the log loss alone
        Assert.True(tight.Cost.Flops < unbound.Cost.Flops, $"FLOPs with budget 4000: {tight.Cost.Flops}; unbound: {unbound.Cost.Flops}.");
        Assert.True(tight.History[^1].ExpectedFlops < 2 * 4_000, $"E[FLOPs] {tight.History[^1].ExpectedFlops:F0}");
        Assert.True(tight.Cost.Flops <= 4_000);
    }

    [Fact]
    public void TheBudgetBoundsTheDerivedArchitectureEvenWithoutACostTerm()
    {
        // c = 0: theta follows the log loss alone, so the argmax is typically far above the budget; deriving repairs it.
        using var unbounded = Run(0);
        long budget = Math.Max(1_000, unbounded.Cost.Flops / 4);
        using var bounded = Run(0, budget);
        Assert.True(bounded.Cost.Flops <= budget, $"{bounded.Cost.Flops} > {budget}");
        Assert.True(unbounded.Cost.Flops > budget, "the unbounded search should exceed the budget for this test to mean anything");
    }

    [Fact]
    public void SameSeedSameDataSameThreadsGiveTheSameArchitecture()
    {
        using var a = Run(0.003, seed: 3);
        using var b = Run(0.003, seed: 3);
        Assert.Equal(a.BestTrial.Indices, b.BestTrial.Indices);
        // Multi-threaded float reductions (sparse row updates) may differ in the last bits between runs; the
        // trajectory agrees far below anything that could change an argmax.
        var lossesA = a.History.Select(h => h.ArchitectureLoss ?? 0).ToArray();
        var lossesB = b.History.Select(h => h.ArchitectureLoss ?? 0).ToArray();
        Assert.Equal(lossesA.Length, lossesB.Length);
        for (int i = 0; i < lossesA.Length; i++)
            Assert.Equal(lossesA[i], lossesB[i], 1e-4);
        Assert.Equal(a.Validation.NormalizedEntropy, b.Validation.NormalizedEntropy, 1e-3);
    }

    [Fact]
    public void CancellingBeforeAnyThetaStepThrows()
    {
        using var cts = new CancellationTokenSource();
        var clock = new Stopwatch();
        // Cancel when the warm-up epoch ends: no theta step has run, so there is no candidate.
        var progress = new SyncProgress<RankitectProgress>(r =>
        {
            if (r.Message.Contains("(warm-up)", StringComparison.Ordinal)) { clock.Start(); cts.Cancel(); }
        });
        Assert.ThrowsAny<OperationCanceledException>(() => Run(0.05, progress: progress, token: cts.Token));
        Assert.True(clock.Elapsed.TotalSeconds < 10, $"Cancellation took {clock.Elapsed.TotalSeconds:F1} s.");
    }

    [Fact]
    public void ASearchTimeBudgetShorterThanTheWarmupIsATimeoutNamingTheOption()
    {
        var options = Options(searchEpochs: 50);
        options.WarmupEpochs = 50;
        var experiment = Experiment(Data, TinySpace, options, 0.003).SetTimeBudget(null, TimeSpan.FromMilliseconds(300));
        var error = Assert.Throws<TimeoutException>(() => experiment.RunAsync().GetAwaiter().GetResult());
        Assert.Contains("SearchTimeBudget", error.Message);
    }

    [Fact]
    public void CancellingAfterThetaStepsReturnsTheCurrentArchitecturePromptly()
    {
        using var cts = new CancellationTokenSource();
        var sinceCancel = new Stopwatch();
        // Cancel when the first architecture epoch ends.
        var progress = new SyncProgress<RankitectProgress>(r =>
        {
            if (r.Message.StartsWith("epoch 2:", StringComparison.Ordinal)) { sinceCancel.Start(); cts.Cancel(); }
        });
        var clock = Stopwatch.StartNew();
        using var result = Run(0.05, options: Options(searchEpochs: 50), progress: progress, token: cts.Token); // 50 epochs would take minutes
        _output.WriteLine($"returned {sinceCancel.Elapsed.TotalSeconds:F2} s after the cancellation ({clock.Elapsed.TotalSeconds:F1} s in all): {result.Architecture}");
        Assert.True(result.Cancelled);
        Assert.Empty(Space.Validate(Space.Decode(result.BestTrial.Indices)));
        Assert.Equal(2, result.History.Max(h => h.Epoch)); // no step ran after the cancellation
        // No retraining could run: the derived architecture was trained briefly (one epoch on a bounded number of rows).
        Assert.Equal(TrialFidelity.Low, result.BestTrial.Fidelity);
        Assert.True(sinceCancel.Elapsed.TotalSeconds < 5, $"Returning after the cancellation took {sinceCancel.Elapsed.TotalSeconds:F1} s.");
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new DnasStrategy(new DnasOptions { SearchEpochs = 0 }));
        Assert.Throws<ArgumentException>(() => new DnasStrategy(new DnasOptions { WeightSplit = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MLContext().Ranking().CreateExperiment().SetObjective(flopsBudget: -1));
        Assert.Equal(Math.Exp(-0.4), new DnasOptions().Temperature(2), 12);
    }

    // Progress<T> posts to the thread pool; tests need the reports in order and before the run returns.
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    // Uniform gates with gradients: every choice of the supernet must reach the output.
    internal static void AssertEveryChoiceAffectsTheOutput(DlrmSpace space, CtrDataset train)
    {
        using var supernet = SeededTorch.Create(1, () => new DlrmSupernet(space));
        using var scope = NewDisposeScope();
        var gates = space.Choices.Select(c => { using var weight = (1.0f / c.Count).ToScalar(); return full(c.Count, weight).requires_grad_(true); }).ToArray();
        supernet.SetGates(gates);
        var batch = CtrBatches.Batches(train, 64).First();
        scope.Attach(new IDisposable[] { batch.Dense, batch.Ids, batch.Labels });
        supernet.forward(batch.Dense, batch.Ids).sum().backward();
        foreach (var (gate, choice) in gates.Zip(space.Choices))
            Assert.True(gate.grad!.abs().sum().item<float>() > 0, $"Choice {choice.Name} does not affect the output.");
        foreach (var table in supernet.modules().OfType<SparseEmbeddingTable>())
            table.ClearPending();
    }
}

/// <summary>DNAS on categorical-only data (as Avazu, iPinYou or MovieLens): no dense input, so no bottom MLP.</summary>
public class DnasSearchWithoutDenseInputsTests
{
    private readonly ITestOutputHelper _output;

    public DnasSearchWithoutDenseInputsTests(ITestOutputHelper output) => _output = output;

    private static readonly DlrmSpaceOptions TinySpace = new()
    {
        BottomLayers = 2, TopLayers = 2, LayerWidths = new[] { 16, 32 }, EmbeddingDims = new[] { 4, 8 }, InteractionWidth = 8,
        // Large tables only: with the embeddings as the sole signal, a short search on little data can favour
        // one-row tables (a constant model), which would test nothing here.
        RowFractions = new[] { 1.0, 0.5 },
    };

    private static PreparedCtrData CategoricalOnly()
    {
        SyntheticCtrOptions Rows(long first, long count) => new()
        {
            Seed = 9, DenseFieldCount = 0, NoiseDenseFieldCount = 0, NegativeDenseFieldCount = 0, CategoricalFieldCount = 5,
            NoiseCategoricalFieldCount = 1, MinCardinality = 5, MaxCardinality = 40, InteractionCount = 4,
            InteractionStrength = 1.5, FirstRow = first, RowCount = count,
        };
        return PreparedCtrData.Prepare(new MLContext(1), new SyntheticCtrGenerator(Rows(0, 8_000)).ToDataView(),
            new SyntheticCtrGenerator(Rows(500_000, 2_000)).ToDataView());
    }

    [Fact]
    public void SupernetMixesEveryChoiceWithoutABottomMlp()
    {
        var data = CategoricalOnly();
        Assert.Equal(0, data.Schema.DenseWidth);
        var space = new DlrmSpace(new CtrFeatureShape(0, data.Schema.Cardinalities), TinySpace);
        DnasStrategyTests.AssertEveryChoiceAffectsTheOutput(space, data.Train);
    }

    [Fact]
    public async Task RunsEndToEnd()
    {
        var data = CategoricalOnly();
        var options = new DnasOptions { WarmupEpochs = 1, SearchEpochs = 2, BatchSize = 512, ThetaLearningRate = 0.1, WeightLearningRate = 0.003 };
        using var result = await DnasStrategyTests.Experiment(data, TinySpace, options, costWeight: 0.003,
            training: new CtrTrainingOptions { MaxEpochs = 4, BatchSize = 256, Optimizer = OptimizerKind.Adagrad }).RunAsync();
        _output.WriteLine($"{result.Architecture}: FLOPs {result.Cost.Flops}, NE {result.Validation.NormalizedEntropy:F4}");
        var space = new DlrmSpace(new CtrFeatureShape(0, data.Schema.Cardinalities), TinySpace);
        Assert.Empty(space.Decode(result.BestTrial.Indices).BottomWidths);
        Assert.Empty(space.Validate(space.Decode(result.BestTrial.Indices)));
        Assert.Equal(result.Cost.Parameters, result.Model.ParameterCount);
        Assert.DoesNotContain(result.History[^1].Probabilities.Keys, p => p.StartsWith("bottom", StringComparison.Ordinal));
        Assert.True(result.Validation.NormalizedEntropy < 1.0, $"NE {result.Validation.NormalizedEntropy:F4}");
    }
}

using Rankitect.SearchSpaces.Models;
using System.Diagnostics;
using Microsoft.ML;
using Rankitect.Data;
using Rankitect.Data.Synthetic;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Cost;
using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Spaces;
using Rankitect.Strategies.Dnas;
using Rankitect.Tests.Training;
using Rankitect.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Rankitect.Tests.Strategies;

public class DnasSearchTests : IClassFixture<TrainingTestData>
{
    private readonly TrainingTestData _fixture;
    private readonly ITestOutputHelper _output;

    public DnasSearchTests(TrainingTestData fixture, ITestOutputHelper output)
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

    private static DnasOptions Options(double costWeight, int seed = 1) => new()
    {
        Space = TinySpace, WarmupEpochs = 1, SearchEpochs = 3, BatchSize = 512, ThetaLearningRate = 0.1,
        WeightLearningRate = 0.003, CostWeight = costWeight, Seed = seed, Threads = 2,
        Retraining = new CtrTrainingOptions { Seed = seed, Threads = 2, MaxEpochs = 2, BatchSize = 512 },
    };

    private DnasResult Run(DnasOptions options, IProgress<DnasProgress>? progress = null, CancellationToken token = default)
    {
        var clock = Stopwatch.StartNew();
        var result = new DnasSearch(options).Search(Data.Train, Data.Validation, progress, token);
        _output.WriteLine($"c={options.CostWeight} budget={options.FlopsBudget}: {result.Architecture} ({Space.Decode(result.Indices).ArchId}), " +
            $"FLOPs {result.Cost.Flops}, params {result.Cost.Parameters}, E[FLOPs] {result.History[^1].ExpectedFlops:F0}, " +
            $"NE {result.Validation.NormalizedEntropy:F4}, {clock.Elapsed.TotalSeconds:F1} s (retraining {result.Retraining.TotalSeconds:F1} s)");
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
        var reports = new List<DnasProgress>();
        using var result = Run(Options(0.003), new SyncProgress<DnasProgress>(reports.Add));
        var architecture = Space.Decode(result.Indices);
        Assert.Empty(Space.Validate(architecture));
        Assert.False(result.Cancelled);
        Assert.Equal(new DlrmCostModel(Space).Estimate(architecture), result.Cost);
        Assert.Equal(result.Cost.Parameters, result.Model.ParameterCount);
        Assert.Equal(architecture, Assert.IsType<SearchedDlrm>(result.Model).Architecture);
        Assert.Equal(architecture.ToJson(), result.ArchitectureJson);
        Assert.True(result.Validation.NormalizedEntropy < 0.95, $"NE {result.Validation.NormalizedEntropy:F4}");
        Assert.Equal(result.Retraining.BestValidation, result.Validation);

        // History: epoch ends (1 warm-up + 3 architecture epochs) and theta steps, temperatures decaying as T0 exp(-r a).
        var ends = result.History.Where(h => h.Phase == DnasPhase.EpochEnd).ToArray();
        Assert.Equal(4, ends.Length);
        var expectedTemperatures = new[] { 1.0, 1.0, Math.Exp(-0.2), Math.Exp(-0.4) };
        for (int i = 0; i < ends.Length; i++)
            Assert.Equal(expectedTemperatures[i], ends[i].Temperature, 12);
        Assert.Contains(result.History, h => h.Phase == DnasPhase.Architecture);
        Assert.DoesNotContain(result.History, h => h.Phase is DnasPhase.Weights or DnasPhase.Warmup);
        Assert.Contains(reports, r => r.Phase == DnasPhase.Weights);
        Assert.All(ends[^1].Probabilities, p => Assert.Equal(1.0, p.Probabilities.Sum(), 1e-6));
        Assert.Equal(Space.Choices.Select(c => c.Name), ends[^1].Probabilities.Select(p => p.Choice));
        // Warm-up leaves theta at 0: uniform probabilities.
        Assert.All(ends[0].Probabilities, p => Assert.All(p.Probabilities, x => Assert.Equal(1.0 / p.Probabilities.Count, x, 1e-6)));
    }

    [Fact]
    public void ALargerCostWeightDerivesAnArchitectureWithFewerFlops()
    {
        using var free = Run(Options(0.0));
        using var costly = Run(Options(1.0));
        Assert.True(costly.Cost.Flops < free.Cost.Flops,
            $"FLOPs with c = 1: {costly.Cost.Flops}; with c = 0: {free.Cost.Flops}.");
        Assert.True(costly.History[^1].ExpectedFlops < 0.5 * free.History[^1].ExpectedFlops,
            $"E[FLOPs] with c = 1: {costly.History[^1].ExpectedFlops:F0}; with c = 0: {free.History[^1].ExpectedFlops:F0}.");
    }

    [Fact]
    public void ATighterFlopsBudgetDerivesAnArchitectureWithinIt()
    {
        var options = Options(1.0);
        var loose = Options(1.0);
        options.FlopsBudget = 4_000;
        loose.FlopsBudget = 1e9; // never binds: the hinge is 0, so theta follows the log loss alone
        using var tight = Run(options);
        using var unbound = Run(loose);
        Assert.True(tight.Cost.Flops < unbound.Cost.Flops, $"FLOPs with budget 4000: {tight.Cost.Flops}; unbound: {unbound.Cost.Flops}.");
        Assert.True(tight.History[^1].ExpectedFlops < 2 * 4_000, $"E[FLOPs] {tight.History[^1].ExpectedFlops:F0}");
        Assert.True(tight.Cost.Flops <= 4_000);
    }

    [Fact]
    public void TheBudgetBoundsTheDerivedArchitectureEvenWithoutACostTerm()
    {
        // c = 0: theta follows the log loss alone, so the argmax is typically far above the budget; deriving repairs it.
        var free = Options(0);
        using var unbounded = Run(free);
        var options = Options(0);
        options.FlopsBudget = Math.Max(1_000, unbounded.Cost.Flops / 4);
        using var bounded = Run(options);
        Assert.True(bounded.Cost.Flops <= options.FlopsBudget, $"{bounded.Cost.Flops} > {options.FlopsBudget}");
        Assert.True(unbounded.Cost.Flops > options.FlopsBudget, "the unbounded search should exceed the budget for this test to mean anything");
    }

    [Fact]
    public void SameSeedSameDataSameThreadsGiveTheSameArchitecture()
    {
        using var a = Run(Options(0.003, seed: 3));
        using var b = Run(Options(0.003, seed: 3));
        Assert.Equal(a.Indices, b.Indices);
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
        var clock = Stopwatch.StartNew();
        // Cancel at the 5th warm-up step.
        long lastStep = 0;
        var progress = new SyncProgress<DnasProgress>(r => { lastStep = r.Step; if (r.Step == 5) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => new DnasSearch(Options(0.05)).Search(Data.Train, Data.Validation, progress, cts.Token));
        Assert.Equal(5, lastStep); // the next step saw the token
        Assert.True(clock.Elapsed.TotalSeconds < 10, $"Cancellation took {clock.Elapsed.TotalSeconds:F1} s.");
    }

    [Fact]
    public void CancellingAfterThetaStepsReturnsTheCurrentArchitecturePromptly()
    {
        using var cts = new CancellationTokenSource();
        long cancelledAt = -1;
        var sinceCancel = new Stopwatch();
        var progress = new SyncProgress<DnasProgress>(r =>
        {
            if (r.Phase == DnasPhase.Architecture && cancelledAt < 0)
            {
                cancelledAt = r.Step;
                sinceCancel.Start();
                cts.Cancel();
            }
        });
        var options = Options(0.05);
        options.SearchEpochs = 50; // would take minutes
        var clock = Stopwatch.StartNew();
        using var result = new DnasSearch(options).Search(Data.Train, Data.Validation, progress, cts.Token);
        _output.WriteLine($"cancelled at step {cancelledAt}, returned {sinceCancel.Elapsed.TotalSeconds:F2} s later ({clock.Elapsed.TotalSeconds:F1} s in all): {result.Architecture}");
        Assert.True(result.Cancelled);
        Assert.Empty(Space.Validate(Space.Decode(result.Indices)));
        Assert.Equal(cancelledAt, result.History.Max(h => h.Step)); // no step ran after the cancellation
        Assert.True(result.Retraining.Steps <= (options.CancelledRetrainingRows + 511) / 512);
        Assert.True(sinceCancel.Elapsed.TotalSeconds < 5, $"Returning after the cancellation took {sinceCancel.Elapsed.TotalSeconds:F1} s.");
    }

    [Fact]
    public void InvalidOptionsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => new DnasSearch(new DnasOptions { SearchEpochs = 0 }));
        Assert.Throws<ArgumentException>(() => new DnasSearch(new DnasOptions { WeightSplit = 1 }));
        Assert.Throws<ArgumentException>(() => new DnasSearch(new DnasOptions { FlopsBudget = -1 }));
        Assert.Equal(Math.Exp(-0.4), new DnasOptions().Temperature(2), 12);
    }

    // Progress<T> posts to the thread pool; tests need the reports in order and before Search returns.
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    // Uniform gates with gradients: every choice of the supernet must reach the output.
    internal static void AssertEveryChoiceAffectsTheOutput(DlrmSpace space, CtrDataset train)
    {
        using var supernet = SeededTorch.Create(1, () => new DlrmSupernet(space));
        using var scope = NewDisposeScope();
        var gates = space.Choices.Select(c => full(c.Count, 1.0f / c.Count).requires_grad_(true)).ToArray();
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
        DnasSearchTests.AssertEveryChoiceAffectsTheOutput(space, data.Train);
    }

    [Fact]
    public void RunsEndToEnd()
    {
        var data = CategoricalOnly();
        var options = new DnasOptions
        {
            Space = TinySpace, WarmupEpochs = 1, SearchEpochs = 2, BatchSize = 512, ThetaLearningRate = 0.1,
            WeightLearningRate = 0.003, CostWeight = 0.003, Seed = 1, Threads = 2,
            Retraining = new CtrTrainingOptions { Seed = 1, Threads = 2, MaxEpochs = 4, BatchSize = 256, Optimizer = OptimizerKind.Adagrad },
        };
        using var result = new DnasSearch(options).Search(data.Train, data.Validation);
        _output.WriteLine($"{result.Architecture}: FLOPs {result.Cost.Flops}, NE {result.Validation.NormalizedEntropy:F4}");
        var space = new DlrmSpace(new CtrFeatureShape(0, data.Schema.Cardinalities), TinySpace);
        Assert.Empty(space.Decode(result.Indices).BottomWidths);
        Assert.Empty(space.Validate(space.Decode(result.Indices)));
        Assert.Equal(result.Cost.Parameters, result.Model.ParameterCount);
        Assert.DoesNotContain(result.History[^1].Probabilities, p => p.Choice.StartsWith("bottom", StringComparison.Ordinal));
        Assert.True(result.Validation.NormalizedEntropy < 1.0, $"NE {result.Validation.NormalizedEntropy:F4}");
    }
}

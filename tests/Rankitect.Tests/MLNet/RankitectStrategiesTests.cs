using Rankitect.Experiment;
using Rankitect.Strategies.MultiTrial;
using Rankitect.Strategies.OneShot;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Data.Synthetic;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Blocks;
using Rankitect.Strategies.Dnas;
using Rankitect.Strategies.Tuning;
using Rankitect.Training;
using Xunit.Abstractions;

namespace Rankitect.Tests.MLNet;

/// <summary>Every strategy on every space through <c>mlContext.Ranking().Rankitect(...)</c>: the evaluated
/// architectures, the Pareto front, the user's pick, the budget, and a model zip that scores without TorchSharp.</summary>
public class RankitectStrategiesTests(ITestOutputHelper output)
{
    private static (IDataView Train, IDataView Test) Data(int rows = 6_000)
    {
        var options = new SyntheticCtrOptions
        {
            Seed = 7, DenseFieldCount = 3, CategoricalFieldCount = 4, MinCardinality = 5, MaxCardinality = 30,
            NoiseDenseFieldCount = 1, NoiseCategoricalFieldCount = 1, InteractionCount = 3, InteractionStrength = 1.5,
            FirstOrderStrength = 0.6, RowCount = rows,
        };
        var train = new SyntheticCtrGenerator(options).ToDataView();
        options.FirstRow = 1_000_000;
        options.RowCount = 1_000;
        return (train, new SyntheticCtrGenerator(options).ToDataView());
    }

    private static BlockSpaceOptions TinyBlocks(BlockSpaceOptions preset) => preset with
    {
        Blocks = 2, EmbeddingDim = 4, DenseWidths = new[] { 8, 16 }, SparseTokens = new[] { 2, 4 }, StemWidth = 8,
        DotTokens = 2, AttentionFfnWidth = 8, InteractionTokens = 2,
    };

    private static RankitectOptions Options(SearchStrategy strategy, SearchSpaceKind space, int seed = 1) => new()
    {
        Seed = seed, Threads = 2, Strategy = strategy, Space = space,
        BlockSpace = space == SearchSpaceKind.BlockFull ? TinyBlocks(BlockSpaceOptions.Full) : TinyBlocks(BlockSpaceOptions.Small),
        DlrmSpace = new() { BottomLayers = 1, TopLayers = 1, LayerWidths = new[] { 8, 16 }, EmbeddingDims = new[] { 4, 8 } },
        Dnas = new DnasOptions { WarmupEpochs = 1, SearchEpochs = 1, BatchSize = 256 },
        MultiTrial = new MultiTrialOptions { MaxTrials = 4 },
        OneShot = new OneShotOptions
        {
            Candidates = 8, FineTuneSteps = 10, RankingSampleSize = 10,
            Evolution = new RegularizedEvolutionOptions { PopulationSize = 4, TournamentSize = 2 },
        },
        TopK = strategy == SearchStrategy.OneShot ? 1 : 2, LowFidelity = new FidelityOptions { RowFraction = 0.3 },
        Training = new CtrTrainingOptions { MaxEpochs = 2, BatchSize = 256, Optimizer = OptimizerKind.Adagrad },
        TrainingSearch = new TrainingSearchOptions { Trials = 0 },
    };

    [Theory]
    [InlineData(SearchStrategy.Dnas, SearchSpaceKind.BlockSmall)]
    [InlineData(SearchStrategy.OneShot, SearchSpaceKind.BlockSmall)]
    [InlineData(SearchStrategy.RegularizedEvolution, SearchSpaceKind.BlockFull)]
    [InlineData(SearchStrategy.RandomSearch, SearchSpaceKind.Dlrm)]
    [InlineData(SearchStrategy.OneShot, SearchSpaceKind.Dlrm)]
    public void EveryStrategyReportsItsArchitecturesAndSavesAZipThatScoresIdentically(SearchStrategy strategy, SearchSpaceKind space)
    {
        var (train, test) = Data();
        var ml = new MLContext(1);
        var model = ml.Ranking().Rankitect(Options(strategy, space)).Fit(train);
        var p = model.Model;
        output.WriteLine($"{p.StrategyName} on {p.SearchSpace}: {p}; {p.Trials.Count} trials, front {p.ParetoFront.Count}, tau {p.SupernetKendallTau}");

        Assert.Equal(strategy, p.Strategy);
        Assert.NotEmpty(p.Trials);
        Assert.Contains(p.Trials, t => t.IsCompleted && t.Fidelity == TrialFidelity.Full && t.Flops == p.Flops);
        Assert.NotEmpty(p.ParetoFront);
        Assert.All(p.ParetoFront, f => Assert.Contains(f, p.Trials));
        Assert.All(p.ParetoFront, f => Assert.DoesNotContain(p.ParetoFront, g => ParetoFront.Dominates(g, f)));
        if (strategy == SearchStrategy.OneShot)
            Assert.InRange(p.SupernetKendallTau!.Value, -1, 1);

        var path = Path.Combine(Path.GetTempPath(), $"rankitect-strategy-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, train.Schema, path);
            var loaded = new MLContext().Model.Load(path, out _);
            var before = model.Transform(test).GetColumn<float>("Probability").ToArray();
            var after = loaded.Transform(test).GetColumn<float>("Probability").ToArray();
            Assert.True(before.Zip(after).Max(x => Math.Abs(x.First - x.Second)) <= 1e-6);
            Assert.InRange(ml.BinaryClassification.Evaluate(loaded.Transform(test)).AreaUnderRocCurve, 0.55, 1.0);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SamplingSearchHonoursTheFlopsBudgetAndIsDeterministic()
    {
        var (train, _) = Data();
        string Fit(long budget)
        {
            var options = Options(SearchStrategy.RegularizedEvolution, SearchSpaceKind.BlockSmall);
            options.FlopsBudget = budget;
            var p = new MLContext(1).Ranking().Rankitect(options).Fit(train).Model;
            Assert.All(p.Trials, t => Assert.True(t.Flops <= budget, $"trial {t.TrialId}: {t.Flops} FLOPs > {budget}"));
            Assert.True(p.Flops <= budget);
            return p.ArchitectureJson;
        }
        Assert.Equal(Fit(3_000), Fit(3_000));
    }

    [Fact]
    public void NeToleranceRetrainsTheCheapestArchitectureNearTheBest()
    {
        var (train, _) = Data();
        var options = Options(SearchStrategy.RandomSearch, SearchSpaceKind.BlockSmall);
        options.TopK = 3;
        options.MultiTrial.MaxTrials = 5;
        options.NeTolerance = 10.0; // everything is "near" the best: the pick is the cheapest full-fidelity one
        var p = new MLContext(1).Ranking().Rankitect(options).Fit(train).Model;
        var full = p.Trials.Where(t => t.IsCompleted && t.Fidelity == TrialFidelity.Full).ToList();
        output.WriteLine(string.Join("\n", p.Trials.Select(t => $"{t.Strategy} {t.TrialId} {t.Fidelity} {t.Status}: NE {t.NormalizedEntropy:F4} {t.Flops} FLOPs")));
        Assert.True(full.Count >= 2, "the pick needs several full-fidelity results to choose from");
        Assert.Equal(full.Min(t => t.Flops), p.Flops);
    }

    [Fact]
    public void AUserDeclaredSpaceRunsUnchanged()
    {
        var (train, _) = Data(3_000);
        var options = Options(SearchStrategy.RandomSearch, SearchSpaceKind.Dlrm);
        // A space of one's own in a few lines: two blocks choosing between FC and gating, two widths.
        options.CustomSpace = shape => new BlockSpace(shape, new BlockSpaceOptions
        {
            Name = "my-space", Blocks = 2, EmbeddingDim = 4, DenseOps = new[] { DenseOp.Fc, DenseOp.Gating },
            SparseOps = new[] { SparseOp.Efc }, DenseWidths = new[] { 8, 16 }, SparseTokens = new[] { 2 }, SearchInteractions = false,
        });
        var p = new MLContext(1).Ranking().Rankitect(options).Fit(train).Model;
        Assert.Equal("my-space", p.SearchSpace);
        Assert.Contains("my-space", p.ArchitectureJson);
    }
}

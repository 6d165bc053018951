using Rankitect.Experiment;
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Baselines;
using Rankitect.Data.Synthetic;
using Rankitect.Data;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Strategies.Dnas;
using Rankitect.Training;
using Xunit.Abstractions;

namespace Rankitect.Tests.MLNet;

public class RankitectSearchTests
{
    private readonly ITestOutputHelper _output;

    public RankitectSearchTests(ITestOutputHelper output) => _output = output;

    private static (IDataView Train, IDataView Test) Data(int rows = 16_000)
    {
        var options = new SyntheticCtrOptions
        {
            Seed = 5, DenseFieldCount = 3, CategoricalFieldCount = 4, MinCardinality = 5, MaxCardinality = 40,
            NoiseDenseFieldCount = 1, NoiseCategoricalFieldCount = 1, InteractionCount = 3, InteractionStrength = 1.5,
            FirstOrderStrength = 0.6, RowCount = rows,
        };
        var train = new SyntheticCtrGenerator(options).ToDataView();
        options.FirstRow = 1_000_000;
        options.RowCount = 1_500;
        return (train, new SyntheticCtrGenerator(options).ToDataView());
    }

    private static RankitectOptions SmallDnas(int seed = 1) => new()
    {
        Seed = seed,
        Dnas = new DnasOptions { WarmupEpochs = 1, SearchEpochs = 2, BatchSize = 256 },
        DlrmSpace = new DlrmSpaceOptions { BottomLayers = 1, TopLayers = 1, LayerWidths = new[] { 8, 16 }, EmbeddingDims = new[] { 4, 8 } },
        Training = new CtrTrainingOptions { MaxEpochs = 4, BatchSize = 256, Optimizer = OptimizerKind.Adagrad },
        TrainingSearch = new TrainingSearchOptions { Trials = 0 },
    };

    [Fact]
    public void DnasFitExposesArchitectureHistoryAndScores()
    {
        var (train, test) = Data();
        var ml = new MLContext(1);
        var model = ml.Ranking().Rankitect(SmallDnas()).Fit(train);
        var parameters = model.Model;
        _output.WriteLine(parameters.ToString());

        Assert.Equal(SearchStrategy.Dnas, parameters.Strategy);
        var architecture = DlrmArchitecture.FromJson(parameters.ArchitectureJson);
        Assert.Equal(parameters.FeatureSchema.FieldCount, architecture.EmbeddingDims.Count);
        Assert.True(parameters.Flops > 0);
        Assert.NotEmpty(parameters.History);
        var step = parameters.History[^1];
        Assert.NotNull(step.Temperature);
        Assert.All(step.Probabilities.Values, p => Assert.Equal(1.0, p.Sum(), 6));
        Assert.Contains(step.Probabilities.Keys, k => k.StartsWith("interaction", StringComparison.Ordinal));

        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
        Assert.InRange(metrics.AreaUnderRocCurve, 0.6, 1.0);
    }

    [Fact]
    public void CancellingTheFitReturnsPromptly()
    {
        var (train, _) = Data(20_000);
        using var cts = new CancellationTokenSource();
        var options = SmallDnas();
        options.Dnas.SearchEpochs = 50;
        var clock = new Stopwatch();
        options.Progress = new Callback(p =>
        {
            // Cancel once the search has made real progress (after its first architecture epoch).
            if (p.Phase == "search" && !cts.IsCancellationRequested && p.Message.Contains("epoch 2"))
            {
                clock.Start();
                cts.Cancel();
            }
        });
        options.CancellationToken = cts.Token;
        var model = new MLContext(1).Ranking().Rankitect(options).Fit(train);
        clock.Stop();
        _output.WriteLine($"returned {clock.Elapsed.TotalSeconds:F2} s after cancel: {model.Model}");
        Assert.True(model.Model.Cancelled);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed} after cancellation");
    }

    [Fact]
    public void CancellingBeforeAnythingIsTrainedThrows()
    {
        var (train, _) = Data();
        var options = SmallDnas();
        options.CancellationToken = new CancellationToken(canceled: true);
        Assert.ThrowsAny<OperationCanceledException>(() => new MLContext(1).Ranking().Rankitect(options).Fit(train));
    }

    [Fact]
    public void TimeBudgetStopsTheSearchWithTheBestSoFar()
    {
        var (train, _) = Data(20_000);
        var options = SmallDnas();
        options.Dnas.SearchEpochs = 200;
        options.TimeBudget = TimeSpan.FromSeconds(8);
        var clock = Stopwatch.StartNew();
        var model = new MLContext(1).Ranking().Rankitect(options).Fit(train);
        _output.WriteLine($"returned after {clock.Elapsed.TotalSeconds:F1} s: {model.Model}");
        Assert.True(model.Model.Cancelled);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(40), $"took {clock.Elapsed}");
    }

    [Fact]
    public void SameSeedGivesTheSameArchitecture()
    {
        var (train, _) = Data();
        string Architecture() => new MLContext(1).Ranking().Rankitect(SmallDnas(seed: 9)).Fit(train).Model.ArchitectureJson;
        Assert.Equal(Architecture(), Architecture());
    }

    [Fact]
    public void CompareWithBaselinesScoresEveryModelOnTheSameTestRows()
    {
        var (train, test) = Data();
        var options = SmallDnas();
        var report = new MLContext(1).Ranking().CompareWithBaselines(train, test, options,
            new BaselineOptions { NumberOfTrees = 20, HashBits = 6 });
        _output.WriteLine(report.ToTable());

        Assert.Equal(new[] { "LightGBM", "LightGBM (tuned)", "FastTree", "logistic regression (L-BFGS)", "DLRM (fixed)", "DCN-v2 (fixed)", "Rankitect (Dnas)" },
            report.Rows.Select(r => r.Model).ToArray());
        Assert.All(report.Rows, r => Assert.Equal(1_500, r.Test.Count));
        Assert.All(report.Rows, r => Assert.InRange(r.Test.Auc, 0.55, 1.0));
        Assert.All(report.Rows, r => Assert.True(r.ModelBytes > 0));
        Assert.Null(report.Rows[0].Flops);
        Assert.Equal(report.Rankitect.Model.Flops, report.Rows[^1].Flops);
        Assert.Contains("LightGBM", report.ToTable());
        Assert.All(report.Rows, r => Assert.True(r.Parameters > 0, $"{r.Model}: parameters {r.Parameters}"));
        Assert.Equal(report.Rankitect.Model.Parameters, report.Rows[^1].Parameters);
        Assert.True(report.Rows[^1].SearchSeconds > 0);
        Assert.InRange(report.Rows[^2].SearchSeconds!.Value, 0, 0.5); // the fixed networks propose their one architecture at once
        Assert.InRange(report.Rows[^3].SearchSeconds!.Value, 0, 0.5);
        Assert.True(report.Rows[^2].Flops > report.Rows[^3].Flops, "DCN-v2's cross layers cost more than the DLRM's dot products");
        Assert.Null(report.Rows[0].SearchSeconds);
        Assert.NotEmpty(report.LightGbmTrials); // tuned within Rankitect's search seconds: at least the default settings
        Assert.True(report.Rows[1].Validation!.NormalizedEntropy <= report.LightGbmTrials[0].Validation.NormalizedEntropy);
    }

    [Fact]
    public void CompareWithBaselinesAcceptsASingleZeroOneLabel()
    {
        var (train, test) = Data();
        var ml = new MLContext(1);
        var toSingle = ml.Transforms.Conversion.ConvertType("Label", "Label", DataKind.Single).Fit(train);
        var report = ml.Ranking().CompareWithBaselines(toSingle.Transform(train), toSingle.Transform(test), SmallDnas(),
            new BaselineOptions { NumberOfTrees = 10, HashBits = 6, FastTree = false, FixedDlrm = false, FixedDcnV2 = false, TunedLightGbm = false });
        Assert.Equal(new[] { "LightGBM", "logistic regression (L-BFGS)", "Rankitect (Dnas)" }, report.Rows.Select(r => r.Model).ToArray());
        Assert.All(report.Rows, r => Assert.InRange(r.Test.Auc, 0.55, 1.0));
    }

    // Categorical-only rows, as in Avazu, iPinYou or MovieLens: no dense column at all.
    private static (IDataView Train, IDataView Test) CategoricalOnlyData()
    {
        var options = new SyntheticCtrOptions
        {
            Seed = 6, DenseFieldCount = 0, NoiseDenseFieldCount = 0, NegativeDenseFieldCount = 0, CategoricalFieldCount = 5,
            NoiseCategoricalFieldCount = 1, MinCardinality = 5, MaxCardinality = 40, InteractionCount = 4,
            InteractionStrength = 1.5, FirstOrderStrength = 0.6, RowCount = 10_000,
        };
        var train = new SyntheticCtrGenerator(options).ToDataView();
        options.FirstRow = 1_000_000;
        options.RowCount = 1_500;
        return (train, new SyntheticCtrGenerator(options).ToDataView());
    }

    [Theory]
    [InlineData(SearchStrategy.Dnas)]
    [InlineData(SearchStrategy.FixedDlrm)]
    public void FitsCategoricalOnlyDataAndTheSavedZipScoresIdentically(SearchStrategy strategy)
    {
        var (train, test) = CategoricalOnlyData();
        Assert.DoesNotContain(train.Schema, c => c.Name.StartsWith('I'));
        var options = SmallDnas();
        options.Strategy = strategy;
        // Large tables only (see DnasSearchWithoutDenseInputsTests): the embeddings are the sole signal.
        options.DlrmSpace = new DlrmSpaceOptions
        {
            BottomLayers = 1, TopLayers = 1, LayerWidths = new[] { 8, 16 }, EmbeddingDims = new[] { 4, 8 }, RowFractions = new[] { 1.0, 0.5 },
        };
        var ml = new MLContext(1);
        var model = ml.Ranking().Rankitect(options).Fit(train);
        _output.WriteLine(model.Model.ToString());
        Assert.Equal(0, model.Model.FeatureSchema.DenseWidth);
        Assert.Empty(DlrmArchitecture.FromJson(model.Model.ArchitectureJson).BottomWidths);

        var path = Path.Combine(Path.GetTempPath(), $"rankitect-nodense-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(model, train.Schema, path);
            var loaded = new MLContext().Model.Load(path, out _);
            var before = model.Transform(test).GetColumn<float>("Probability").ToArray();
            var after = loaded.Transform(test).GetColumn<float>("Probability").ToArray();
            Assert.Equal(1_500, after.Length);
            Assert.True(before.Zip(after).Max(p => Math.Abs(p.First - p.Second)) <= 1e-6);
            var metrics = ml.BinaryClassification.Evaluate(loaded.Transform(test));
            Assert.InRange(metrics.AreaUnderRocCurve, 0.6, 1.0);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class Callback(Action<RankitectProgress> action) : IProgress<RankitectProgress>
    {
        public void Report(RankitectProgress value) => action(value);
    }
}

using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Data.Synthetic;
using Rankitect.Data;
using Rankitect.Evaluation;
using Rankitect.Training;
using Xunit.Abstractions;

namespace Rankitect.Tests.MLNet;

/// <summary>A fitted fixed-DLRM Rankitect model on small synthetic data, shared by the tests of the ML.NET surface.</summary>
public sealed class FittedModelFixture
{
    public FittedModelFixture()
    {
        Ml = new MLContext(seed: 3);
        var options = new SyntheticCtrOptions
        {
            Seed = 11, DenseFieldCount = 3, CategoricalFieldCount = 4, MinCardinality = 5, MaxCardinality = 40,
            NoiseDenseFieldCount = 1, NoiseCategoricalFieldCount = 1, InteractionCount = 3, NegativeDenseFieldCount = 1,
            InteractionStrength = 1.5, FirstOrderStrength = 0.6, RowCount = 12_000,
        };
        Train = new SyntheticCtrGenerator(options).ToDataView();
        options.FirstRow = 1_000_000;
        options.RowCount = 1_000;
        Test = new SyntheticCtrGenerator(options).ToDataView();
        Model = Ml.Ranking().Rankitect(new RankitectOptions
        {
            Strategy = SearchStrategy.FixedDlrm,
            Training = new CtrTrainingOptions { MaxEpochs = 4, Optimizer = OptimizerKind.Adagrad },
            TrainingSearch = new TrainingSearchOptions { Trials = 2 }, // the whole path, kept short
        }).Fit(Train);
    }

    public MLContext Ml { get; }
    public IDataView Train { get; }
    public IDataView Test { get; }
    public RankitectTransformer Model { get; }
}

public class RankitectEstimatorTests : IClassFixture<FittedModelFixture>
{
    private readonly FittedModelFixture _fixture;
    private readonly ITestOutputHelper _output;

    public RankitectEstimatorTests(FittedModelFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public void ScoresLikeABinaryClassifierAndEvaluates()
    {
        var scored = _fixture.Model.Transform(_fixture.Test);
        Assert.Equal(NumberDataViewType.Single, scored.Schema["Score"].Type);
        Assert.Equal(NumberDataViewType.Single, scored.Schema["Probability"].Type);
        Assert.Equal(BooleanDataViewType.Instance, scored.Schema["PredictedLabel"].Type);
        var mlnet = _fixture.Ml.BinaryClassification.Evaluate(scored);
        var ours = CtrMetrics.Compute(scored);
        _output.WriteLine($"test NE {ours.NormalizedEntropy:F4}, AUC {ours.Auc:F4}; {_fixture.Model.Model}");
        Assert.Equal(1 - ours.NormalizedEntropy, mlnet.LogLossReduction, 4);
        Assert.Equal(ours.Auc, mlnet.AreaUnderRocCurve, 6);
        Assert.True(ours.NormalizedEntropy < 0.95, "the model learned something");
    }

    [Fact]
    public void ExposesArchitectureCostAndValidationMetrics()
    {
        var model = _fixture.Model.Model;
        Assert.Equal("fixed-dlrm", model.StrategyName);
        // The hand-designed DLRM, alone or as the members of the recipe search's ensemble (TrainingSearch.EnsembleSize).
        Assert.Contains("bottom[64", model.Architecture);
        Assert.False(string.IsNullOrWhiteSpace(model.ArchitectureJson));
        Assert.True(model.Flops > 0);
        Assert.True(model.Parameters > 0);
        Assert.InRange(model.Validation.NormalizedEntropy, 0.1, 1.0);
        Assert.Equal(7, model.FeatureSchema.DenseWidth + model.FeatureSchema.FieldCount);
    }

    [Fact]
    public void SavedZipLoadsAndScoresIdentically()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rankitect-{Guid.NewGuid():N}.zip");
        try
        {
            _fixture.Ml.Model.Save(_fixture.Model, _fixture.Train.Schema, path);
            var loaded = new MLContext().Model.Load(path, out _);
            var before = _fixture.Model.Transform(_fixture.Test).GetColumn<float>("Probability").ToArray();
            var after = loaded.Transform(_fixture.Test).GetColumn<float>("Probability").ToArray();
            Assert.Equal(before.Length, after.Length);
            Assert.True(before.Zip(after).Max(p => Math.Abs(p.First - p.Second)) <= 1e-6);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void PredictionEngineScoresUnseenCategoriesAndMissingValues()
    {
        var engine = _fixture.Ml.Model.CreatePredictionEngine<Row, Prediction>(_fixture.Model);
        var known = engine.Predict(new Row { I1 = 3, I2 = 1, I3 = 0, C1 = "never-seen", C2 = "", C3 = "x", C4 = "y" });
        var missing = engine.Predict(new Row { I1 = float.NaN, I2 = float.NaN, I3 = float.NaN });
        Assert.InRange(known.Probability, 0f, 1f);
        Assert.InRange(missing.Probability, 0f, 1f);
        Assert.Equal(known.Probability >= 0.5f, known.PredictedLabel);
    }

    [Fact]
    public void ScoringAppWithoutTorchSharpGivesTheSamePredictions()
    {
        string app = ScoringAppPath();
        var folder = Directory.CreateTempSubdirectory("rankitect-scoring-");
        try
        {
            string zip = Path.Combine(folder.FullName, "ctr.zip"), rows = Path.Combine(folder.FullName, "rows.tsv"), scores = Path.Combine(folder.FullName, "scores.tsv");
            _fixture.Ml.Model.Save(_fixture.Model, _fixture.Train.Schema, zip);
            WriteTsv(_fixture.Test, rows);
            var expected = _fixture.Model.Transform(_fixture.Test).GetColumn<float>("Probability").ToArray();

            using var process = Process.Start(new ProcessStartInfo("dotnet", $"\"{app}\" \"{zip}\" \"{rows}\" \"{scores}\"")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            })!;
            string stdout = process.StandardOutput.ReadToEnd(), stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"scoring app failed: {stdout}\n{stderr}");

            var actual = File.ReadLines(scores).Skip(1).Select(line => float.Parse(line.Split('\t')[1], CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(1_000, actual.Length);
            double maxDifference = expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second));
            _output.WriteLine($"max |in-memory - scoring app| = {maxDifference:E2}");
            Assert.True(maxDifference <= 1e-5, $"max difference {maxDifference}");
            // The app runs without the training stack.
            var appFolder = Path.GetDirectoryName(app)!;
            Assert.False(File.Exists(Path.Combine(appFolder, "TorchSharp.dll")));
            Assert.False(File.Exists(Path.Combine(appFolder, "Rankitect.MLNet.dll")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void BothCatalogEntryPointsMakeTheSameEstimator()
    {
        var ml = new MLContext(1);
        Assert.IsType<RankitectEstimator>(ml.Ranking().Rankitect());
        Assert.IsType<RankitectEstimator>(ml.BinaryClassification.Trainers.Rankitect());
        // SchemaShape has no public factory: a custom-mapping estimator makes a shape with a Label column.
        var withLabel = ml.Transforms.CustomMapping<NoColumns, LabelOnly>((_, _) => { }, contractName: null)
            .GetOutputSchema(new SchemaShape(Array.Empty<SchemaShape.Column>()));
        var shape = ml.Ranking().Rankitect().GetOutputSchema(withLabel);
        Assert.Contains(shape, c => c.Name == "Score");
        Assert.Contains(shape, c => c.Name == "Probability");
        Assert.Contains(shape, c => c.Name == "PredictedLabel");
        Assert.Throws<ArgumentException>(() => ml.Ranking().Rankitect().GetOutputSchema(new SchemaShape(Array.Empty<SchemaShape.Column>())));
    }

    private static string ScoringAppPath()
    {
        // tests/Rankitect.Tests/bin/<Configuration>/net10.0 -> samples/Rankitect.Scoring/bin/<Configuration>/net10.0
        var testFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = testFolder.Name, configuration = testFolder.Parent!.Name;
        var repository = testFolder.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(repository, "samples", "Rankitect.Scoring", "bin", configuration, framework, "Rankitect.Scoring.dll");
        Assert.True(File.Exists(path), $"scoring app not built at {path}");
        return path;
    }

    private static void WriteTsv(IDataView data, string path)
    {
        var columns = data.Schema.Where(c => !c.IsHidden).ToArray();
        using var writer = new StreamWriter(path);
        writer.WriteLine(string.Join('\t', columns.Select(c => c.Name)));
        using var cursor = data.GetRowCursor(columns);
        var getters = columns.Select(c => c.Type switch
        {
            BooleanDataViewType => Getter<bool>(cursor, c, v => v ? "true" : "false"),
            TextDataViewType => Getter<ReadOnlyMemory<char>>(cursor, c, v => v.ToString()),
            _ => Getter<float>(cursor, c, v => float.IsNaN(v) ? "" : v.ToString("R", CultureInfo.InvariantCulture)),
        }).ToArray();
        while (cursor.MoveNext())
            writer.WriteLine(string.Join('\t', getters.Select(g => g())));
    }

    private static Func<string> Getter<T>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<T, string> format)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () => { getter(ref value); return format(value); };
    }

    private sealed class NoColumns
    {
    }

    private sealed class LabelOnly
    {
        public bool Label { get; set; }
    }

    private sealed class Row
    {
        public bool Label { get; set; }
        public float I1 { get; set; }
        public float I2 { get; set; }
        public float I3 { get; set; }
        public string C1 { get; set; } = "";
        public string C2 { get; set; } = "";
        public string C3 { get; set; } = "";
        public string C4 { get; set; } = "";
    }

    private sealed class Prediction
    {
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }
}

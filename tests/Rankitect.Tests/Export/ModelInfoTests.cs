using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Rankitect.Data;
using Rankitect.Serving;
using Rankitect.Experiment;
using Rankitect.Strategies.MultiTrial;
using Rankitect.Tests.MLNet;
using Rankitect.Training;
using Xunit.Abstractions;

namespace Rankitect.Tests.Export;

/// <summary>The model info travels inside the model zip: written by the fit, read back from the zip, from a loaded
/// transformer, by the TorchSharp-free scoring app and by <c>rankitect inspect</c>.</summary>
public class ModelInfoTests : IClassFixture<FittedModelFixture>
{
    private readonly FittedModelFixture _fixture;
    private readonly ITestOutputHelper _output;

    public ModelInfoTests(FittedModelFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public void JsonRoundTripKeepsEveryDoubleBitForBitIncludingNaN()
    {
        double third = 1.0 / 3, tiny = double.Epsilon, sum = 0.1 + 0.2;
        var info = new RankitectModelInfo
        {
            RankitectVersion = "1.2.3+abc",
            CreatedAtUtc = new DateTime(2026, 12, 2, 13, 32, 5, 123, DateTimeKind.Utc).AddTicks(4567),
            SearchSpace = "dlrm", StrategyName = "dnas", Architecture = "DLRM \"quoted\" ü", ArchitectureJson = "{\"a\":[1,2]}",
            Flops = long.MaxValue, Parameters = 123_456_789_012,
            Features = new RankitectFeatureInfo
            {
                LabelColumnName = "Label", DenseColumnNames = ["I1", "I2"], CategoricalColumnNames = ["C1"], DenseWidth = 2,
                FieldCardinalities = [41], CategoricalEncoding = "Vocabulary",
            },
            Validation = new RankitectValidationInfo { NormalizedEntropy = third, Auc = double.NaN, LogLoss = sum, Calibration = tiny, PositiveRate = 0.25, RowCount = 1_000 },
            Cancelled = true, SearchSeconds = Math.PI, TrainSeconds = 1e-300, Seed = -7,
            Options = new Dictionary<string, JsonElement>
            {
                ["costWeight"] = JsonSerializer.SerializeToElement(0.003), ["flopsBudget"] = JsonSerializer.SerializeToElement<long?>(null),
                ["strategy"] = JsonSerializer.SerializeToElement("Dnas"), ["dlrmSpace.layerWidths"] = JsonSerializer.SerializeToElement(new[] { 8, 16 }),
            },
            Trials =
            [
                new RankitectTrialInfo
                {
                    TrialId = 3, CandidateIndices = [0, 2, 1], Fidelity = "Low", Status = "Failed", Strategy = "random-search",
                    NormalizedEntropy = double.NaN, Auc = double.PositiveInfinity, LogLoss = double.NegativeInfinity, Flops = 10, Parameters = 20,
                    EmbeddingBytes = 80, Fitness = double.NaN, Seconds = 0.1, ParentId = 1, Error = "boom",
                    Hyperparameters = new Dictionary<string, string> { ["learningRate"] = "0.001" },
                },
            ],
        };

        string json = info.ToJson();
        var back = RankitectModelInfo.FromJson(json);
        _output.WriteLine(json);

        Assert.Equal(json, back.ToJson());
        Assert.Equal(json, RankitectModelInfo.FromJson(info.ToJson(indented: true)).ToJson());
        static long Bits(double d) => BitConverter.DoubleToInt64Bits(d);
        Assert.Equal(Bits(third), Bits(back.Validation.NormalizedEntropy));
        Assert.Equal(Bits(sum), Bits(back.Validation.LogLoss));
        Assert.Equal(Bits(tiny), Bits(back.Validation.Calibration));
        Assert.Equal(Bits(Math.PI), Bits(back.SearchSeconds));
        Assert.Equal(Bits(1e-300), Bits(back.TrainSeconds));
        Assert.True(double.IsNaN(back.Validation.Auc));
        Assert.True(double.IsNaN(back.Trials[0].NormalizedEntropy));
        Assert.Equal(double.PositiveInfinity, back.Trials[0].Auc);
        Assert.Equal(double.NegativeInfinity, back.Trials[0].LogLoss);
        Assert.Equal(long.MaxValue, back.Flops);
        Assert.Equal(info.CreatedAtUtc, back.CreatedAtUtc);
        Assert.Equal(DateTimeKind.Utc, back.CreatedAtUtc.Kind);
        Assert.Equal(info.Architecture, back.Architecture);
        Assert.Equal([0, 2, 1], back.Trials[0].CandidateIndices);
        Assert.Equal(1, back.Trials[0].ParentId);
        Assert.Equal("0.001", back.Trials[0].Hyperparameters["learningRate"]);
        Assert.Equal(0.003, back.Options["costWeight"].GetDouble());
        Assert.Equal(JsonValueKind.Null, back.Options["flopsBudget"].ValueKind);
        Assert.Equal([41], back.Features.FieldCardinalities);
        Assert.Equal(RankitectModelInfo.CurrentFormatVersion, back.FormatVersion);
    }

    [Fact]
    public void TextThatIsNotModelInfoIsRefused()
    {
        Assert.Throws<InvalidDataException>(() => RankitectModelInfo.FromJson("not json"));
        Assert.Throws<InvalidDataException>(() => RankitectModelInfo.FromJson("{\"formatVersion\":0}"));
    }

    [Fact]
    public void FittedModelReportsItsInfo()
    {
        var p = _fixture.Model.Model;
        var info = p.Info;
        Assert.Equal(p.ArchitectureJson, info.ArchitectureJson);
        Assert.Equal(p.Architecture, info.Architecture);
        Assert.Equal(p.Flops, info.Flops);
        Assert.Equal(p.Parameters, info.Parameters);
        Assert.Equal(p.SearchSpace, info.SearchSpace);
        Assert.Equal(p.StrategyName, info.StrategyName);
        Assert.Equal(p.Validation.NormalizedEntropy, info.Validation.NormalizedEntropy);
        Assert.False(info.Validation.WorseThanBaseRate); // the fixture model learned something
        Assert.Equal(p.IsWorseThanBaseRate, info.Validation.WorseThanBaseRate);
        Assert.Equal(p.Validation.Auc, info.Validation.Auc);
        Assert.Equal(p.Validation.Count, info.Validation.RowCount);
        Assert.Equal(p.Trials.Count, info.Trials.Count);
        Assert.Equal(p.FeatureSchema.Cardinalities, info.Features.FieldCardinalities);
        Assert.Equal(p.FeatureSchema.Fields.Select(f => f.Name), info.Features.CategoricalColumnNames);
        Assert.Equal(p.FeatureSchema.DenseWidth, info.Features.DenseColumnNames.Count); // scalar columns, no missing indicators
        Assert.All(info.Features.DenseColumnNames, name => Assert.StartsWith("I", name));
        Assert.Equal(p.FeatureSchema.DenseWidth, info.Features.DenseWidth);
        Assert.Equal("Label", info.Features.LabelColumnName);
        Assert.Equal("Vocabulary", info.Features.CategoricalEncoding);
        Assert.InRange(info.CreatedAtUtc, DateTime.UtcNow.AddHours(-1), DateTime.UtcNow);
        Assert.False(string.IsNullOrEmpty(info.RankitectVersion));
        // The effective settings: the estimator's seed (drawn from the MLContext), the fixture's training options.
        Assert.Equal("FixedDlrm", info.Options["strategy"].GetString());
        Assert.Equal(info.Seed, info.Options["seed"].GetInt32());
        Assert.Equal(info.Seed, info.Options["training.seed"].GetInt32());
        Assert.Equal(4, info.Options["training.maxEpochs"].GetInt32());
        Assert.Equal("Adagrad", info.Options["training.optimizer"].GetString());
        Assert.Equal(0.05, info.Options["training.effectiveLearningRate"].GetDouble());
        Assert.Equal(2, info.Options["featurization.minimumCount"].GetInt32());
        Assert.Equal(0.1, info.Options["validationFraction"].GetDouble());
        Assert.DoesNotContain(info.Options.Keys, k => k.StartsWith("search.", StringComparison.Ordinal) || k.StartsWith("multiTrial.", StringComparison.Ordinal));
    }

    [Fact]
    public void OnnxMetadataHoldsTheInfoAsOnnxRuntimeReadsIt()
    {
        var p = _fixture.Model.Model;
        using (var session = new InferenceSession(p.OnnxModel))
            Assert.Equal(p.Info.ToJson(), session.ModelMetadata.CustomMetadataMap[RankitectModelInfo.MetadataKey]);
        using var exported = new MemoryStream();
        _fixture.Model.ExportOnnx(exported);
        exported.Position = 0;
        Assert.Equal(p.Info.ToJson(), RankitectModelInfo.FromOnnxModel(exported).ToJson());
    }

    [Fact]
    public void InfoSurvivesSaveAndLoad()
    {
        var folder = Directory.CreateTempSubdirectory("rankitect-info-");
        try
        {
            string zip = Path.Combine(folder.FullName, "ctr.zip");
            _fixture.Ml.Model.Save(_fixture.Model, _fixture.Train.Schema, zip);
            var expected = _fixture.Model.Model.Info.ToJson();

            var fromZip = RankitectModelInfo.Load(zip);
            Assert.Equal(expected, fromZip.ToJson());
            Assert.Equal(_fixture.Model.Model.ArchitectureJson, fromZip.ArchitectureJson);
            Assert.Equal(_fixture.Model.Model.Flops, fromZip.Flops);
            Assert.Equal(_fixture.Model.Model.Validation.NormalizedEntropy, fromZip.Validation.NormalizedEntropy);
            Assert.Equal(_fixture.Model.Model.Trials.Count, fromZip.Trials.Count);

            var loaded = new MLContext().Model.Load(zip, out _);
            Assert.Equal(expected, RankitectModelInfo.FromTransformer(loaded).ToJson());
            Assert.Equal(expected, RankitectModelInfo.FromTransformer(_fixture.Model).ToJson());
            using (var stream = File.OpenRead(zip))
                Assert.Equal(expected, RankitectModelInfo.FromStream(stream).ToJson());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void ZipWithoutInfoOrNotAZipGivesAnErrorNamingTheFile()
    {
        var folder = Directory.CreateTempSubdirectory("rankitect-info-");
        try
        {
            // An ML.NET model zip with no ONNX model at all.
            string plain = Path.Combine(folder.FullName, "plain.zip");
            var concat = _fixture.Ml.Transforms.Concatenate("Features", "I1", "I2").Fit(_fixture.Train);
            _fixture.Ml.Model.Save(concat, _fixture.Train.Schema, plain);
            var error = Assert.Throws<InvalidDataException>(() => RankitectModelInfo.Load(plain));
            Assert.Contains(plain, error.Message);
            Assert.Contains("no Rankitect model info", error.Message);

            // A Rankitect zip whose ONNX model lost its info (as written before model info existed).
            string old = Path.Combine(folder.FullName, "old.zip");
            _fixture.Ml.Model.Save(_fixture.Model, _fixture.Train.Schema, old);
            using (var archive = ZipFile.Open(old, ZipArchiveMode.Update))
            {
                var entry = archive.Entries.Single(e => e.Name == "OnnxModel");
                var onnx = Rankitect.Export.Onnx.ModelProto.Parser.ParseFrom(_fixture.Model.Model.OnnxModel);
                var kept = onnx.MetadataProps.Where(m => m.Key != RankitectModelInfo.MetadataKey).ToList();
                onnx.MetadataProps.Clear();
                onnx.MetadataProps.Add(kept);
                var bytes = Google.Protobuf.MessageExtensions.ToByteArray(onnx);
                string name = entry.FullName;
                entry.Delete();
                using var writer = archive.CreateEntry(name).Open();
                Span<byte> prefix = stackalloc byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(prefix, bytes.Length);
                writer.Write(prefix);
                writer.Write(bytes);
            }
            Assert.NotNull(new MLContext().Model.Load(old, out _)); // still a valid model
            error = Assert.Throws<InvalidDataException>(() => RankitectModelInfo.Load(old));
            Assert.Contains(old, error.Message);
            Assert.Contains(RankitectModelInfo.MetadataKey, error.Message);

            string text = Path.Combine(folder.FullName, "model.zip");
            File.WriteAllText(text, "not a zip");
            error = Assert.Throws<InvalidDataException>(() => RankitectModelInfo.Load(text));
            Assert.Contains(text, error.Message);
            Assert.Contains("not a zip", error.Message);

            Assert.Throws<FileNotFoundException>(() => RankitectModelInfo.Load(Path.Combine(folder.FullName, "missing.zip")));
            Assert.Throws<InvalidDataException>(() => RankitectModelInfo.FromTransformer(concat));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void ScoringAppWithoutTorchSharpPrintsTheInfo()
    {
        string app = AppPath("Rankitect.Scoring", "Rankitect.Scoring.dll");
        var folder = Directory.CreateTempSubdirectory("rankitect-info-");
        try
        {
            string zip = Path.Combine(folder.FullName, "ctr.zip");
            _fixture.Ml.Model.Save(_fixture.Model, _fixture.Train.Schema, zip);
            var (exitCode, stdout, stderr) = Run(app, "--info", zip);
            Assert.True(exitCode == 0, $"scoring app failed: {stdout}\n{stderr}");
            var printed = RankitectModelInfo.FromJson(stdout);
            Assert.Equal(_fixture.Model.Model.Info.ToJson(), printed.ToJson());
            Assert.Equal(_fixture.Model.Model.Flops, printed.Flops);
            Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(app)!, "TorchSharp.dll")));
            Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(app)!, "Rankitect.MLNet.dll")));

            (exitCode, _, stderr) = Run(app, "--info", Path.Combine(folder.FullName, "missing.zip"));
            Assert.Equal(2, exitCode);
            Assert.Contains("missing.zip", stderr);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void CliInspectPrintsTheModelAndRefusesAFileThatIsNotOne()
    {
        string cli = AppPath("Rankitect.Cli", "rankitect.dll");
        var folder = Directory.CreateTempSubdirectory("rankitect-info-");
        try
        {
            string zip = Path.Combine(folder.FullName, "ctr.zip");
            _fixture.Ml.Model.Save(_fixture.Model, _fixture.Train.Schema, zip);
            var p = _fixture.Model.Model;
            var (exitCode, stdout, stderr) = Run(cli, "inspect", zip);
            _output.WriteLine(stdout);
            Assert.True(exitCode == 0, $"inspect failed: {stdout}\n{stderr}");
            Assert.Contains(p.Architecture, stdout);
            Assert.Contains(p.ArchitectureJson, stdout);
            Assert.Contains($"{p.Flops.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} FLOPs/example", stdout);
            Assert.Contains($"NE {p.Validation.NormalizedEntropy.ToString("F4", System.Globalization.CultureInfo.InvariantCulture)}", stdout);
            Assert.Contains($"strategy:     {p.StrategyName} on the {p.SearchSpace} space", stdout);
            Assert.Contains("training.maxEpochs = 4", stdout);
            Assert.Contains($"trials:       {p.Trials.Count} evaluated", stdout);
            Assert.Contains("C1 (", stdout);

            string text = Path.Combine(folder.FullName, "notes.zip");
            File.WriteAllText(text, "not a zip");
            (exitCode, stdout, stderr) = Run(cli, "inspect", text);
            Assert.Equal(2, exitCode);
            Assert.Contains(text, stderr);
            Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.DoesNotContain("   at ", stderr);

            (exitCode, _, stderr) = Run(cli, "inspect", Path.Combine(folder.FullName, "missing.zip"));
            Assert.Equal(2, exitCode);
            Assert.Contains("missing.zip", stderr);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void SearchWritesItsTrialTableAndStrategyOptions()
    {
        var ml = new MLContext(1);
        var model = ml.Ranking().Rankitect(new RankitectOptions
        {
            Seed = 5, Threads = 2, Strategy = SearchStrategy.RandomSearch,
            DlrmSpace = new() { BottomLayers = 1, TopLayers = 1, LayerWidths = [8, 16], EmbeddingDims = [4, 8] },
            MultiTrial = new MultiTrialOptions { MaxTrials = 3 }, TopK = 1, LowFidelity = new FidelityOptions { RowFraction = 0.3 },
            Training = new CtrTrainingOptions { MaxEpochs = 1, BatchSize = 256, Optimizer = OptimizerKind.Adagrad },
            TrainingSearch = new TrainingSearchOptions { Trials = 1 },
        }).Fit(_fixture.Train);
        var p = model.Model;
        var info = RankitectModelInfo.FromJson(p.Info.ToJson());
        var defaultRecipe = new TrainingRecipe(OptimizerKind.Adagrad, 0.05, 0.05, 0, 0, 256);

        Assert.Equal(p.Trials.Count, info.Trials.Count);
        Assert.True(info.Trials.Count >= 2);
        foreach (var (trial, row) in p.Trials.Zip(info.Trials))
        {
            Assert.Equal(trial.TrialId, row.TrialId);
            Assert.Equal(trial.Indices, row.CandidateIndices);
            Assert.Equal(trial.Fidelity.ToString(), row.Fidelity);
            Assert.Equal(trial.Status.ToString(), row.Status);
            Assert.Equal(trial.Strategy, row.Strategy);
            Assert.Equal(trial.NormalizedEntropy, row.NormalizedEntropy);
            Assert.Equal(trial.Auc, row.Auc);
            Assert.Equal(trial.LogLoss, row.LogLoss);
            Assert.Equal(trial.Flops, row.Flops);
            Assert.Equal(trial.Parameters, row.Parameters);
            Assert.Equal(trial.EmbeddingBytes, row.EmbeddingBytes);
            Assert.Equal(trial.Fitness, row.Fitness);
            Assert.Equal(trial.Seconds, row.Seconds);
            Assert.Equal(trial.ParentId, row.ParentId);
            Assert.Equal(trial.Error, row.Error);
            Assert.Equal((trial.Recipe ?? defaultRecipe).ToDictionary(), row.Hyperparameters);
        }
        Assert.Single(p.Trials, t => t.Recipe is not null);
        Assert.Contains(info.Trials, t => t.Fidelity == nameof(TrialFidelity.Low));
        Assert.Contains(info.Trials, t => t.Fidelity == nameof(TrialFidelity.Full));
        Assert.Equal(5, info.Seed);
        Assert.Equal(2, info.Options["threads"].GetInt32());
        Assert.Equal(3, info.Options["multiTrial.maxTrials"].GetInt32());
        Assert.Equal(0.3, info.Options["lowFidelity.rowFraction"].GetDouble());
        Assert.Equal(1, info.Options["topK"].GetInt32());
        Assert.Equal([8, 16], info.Options["dlrmSpace.layerWidths"].EnumerateArray().Select(e => e.GetInt32()));
        Assert.DoesNotContain(info.Options.Keys, k => k.StartsWith("dnas.", StringComparison.Ordinal));
    }

    internal static (int ExitCode, string Stdout, string Stderr) Run(string app, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(app);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }

    internal static string AppPath(string project, string assembly)
    {
        // tests/Rankitect.Tests/bin/<Configuration>/net10.0 -> samples/<project>/bin/<Configuration>/net10.0
        var testFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = testFolder.Name, configuration = testFolder.Parent!.Name;
        var repository = testFolder.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(repository, "samples", project, "bin", configuration, framework, assembly);
        Assert.True(File.Exists(path), $"{project} not built at {path}");
        return path;
    }
}

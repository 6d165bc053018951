using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Data;
using Rankitect.Export;
using Rankitect.Featurize;
using Rankitect.SearchSpaces.Models;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Tests.Spaces;
using Rankitect.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Rankitect.Tests.Export;

public class ApplyOnnxModelTests
{
    private readonly ITestOutputHelper _output;

    public ApplyOnnxModelTests(ITestOutputHelper output)
    {
        _output = output;
        Rankitect.Native.TorchRuntime.EnsureLoaded();
    }

    private sealed class Row
    {
        public bool Label { get; set; }
        public float Clicks { get; set; }
        public float Impressions { get; set; }
        public double Price { get; set; }
        public string Site { get; set; } = "";
        public string Device { get; set; } = "";
    }

    private static Row[] Rows(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            int site = random.Next(40);
            float clicks = random.Next(6) == 0 ? float.NaN : random.Next(50);
            // Something to learn: some sites and many clicks raise the click rate.
            double rate = (site % 3 == 0 ? 0.45 : 0.1) + (clicks > 25 ? 0.2 : 0);
            return new Row
            {
                Label = random.NextDouble() < rate,
                Clicks = clicks,
                Impressions = (float)Math.Exp(random.NextDouble() * 8),
                Price = random.NextDouble() * 20 - 5,
                Site = $"s{site}",
                Device = random.Next(8) == 0 ? "" : $"d{random.Next(5)}",
            };
        }).ToArray();
    }

    [Theory]
    [InlineData(CategoricalEncoding.Vocabulary)]
    [InlineData(CategoricalEncoding.Hashing)]
    public void MLNetScoresTheExportedModelLikeTorchSharp(CategoricalEncoding encoding)
    {
        var ml = new MLContext(1);
        var train = ml.Data.LoadFromEnumerable(Rows(600, seed: 1));
        var featurization = new CtrFeaturizer(ml, new CtrFeaturizerOptions { Encoding = encoding, HashBits = 10 }).Fit(train);
        var schema = featurization.Schema;
        using var model = SeededTorch.Create(3, () => TestDlrms.Create(schema.DenseWidth, schema.Cardinalities, dim: 6, bottom: new[] { 12 }, top: new[] { 10 }));
        CtrTestInputs.Perturb(model, seed: 5);
        var bytes = CtrOnnxExporter.Export(model, schema);

        var test = ml.Data.LoadFromEnumerable(Rows(250, seed: 2));
        var featurized = featurization.Transformer.Transform(test);
        var onnx = ml.Transforms.ApplyOnnxModel(
                new[] { CtrOnnxExporter.LogitColumnName, CtrOnnxExporter.ProbabilityColumnName },
                CtrOnnxExporter.InputColumnNames(schema),
                new MemoryStream(bytes))
            .Fit(featurized);
        var actual = Probabilities(onnx.Transform(featurized));

        var expected = TorchProbabilities(model, CtrDataset.Load(featurized, schema));
        double error = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
        _output.WriteLine($"{encoding}: max |p_mlnet - p_torch| = {error:E2} over {expected.Length} rows");
        Assert.Equal(expected.Length, actual.Length);
        Assert.InRange(error, 0, 1e-5);

        // Featurization and network saved as one ML.NET model and loaded with nothing but ML.NET and ONNX Runtime.
        using var zip = new MemoryStream();
        ml.Model.Save(featurization.Transformer.Append(onnx), test.Schema, zip);
        zip.Position = 0;
        var loaded = new MLContext(2).Model.Load(zip, out _);
        Assert.Equal(actual, Probabilities(loaded.Transform(test)));
    }

    [Theory]
    [InlineData("dlrm")]
    [InlineData("logistic-regression")]
    public void TrainedModelScoresInMLNetAsCtrTrainerPredicts(string kind)
    {
        var ml = new MLContext(1);
        var featurization = new CtrFeaturizer(ml).Fit(ml.Data.LoadFromEnumerable(Rows(3000, seed: 3)));
        var schema = featurization.Schema;
        var (train, validation) = CtrDataset.Load(featurization.Transformer.Transform(ml.Data.LoadFromEnumerable(Rows(3000, seed: 3))), schema)
            .StratifiedSplit(0.8, seed: 1);
        var trainer = new CtrTrainer(new CtrTrainingOptions { Seed = 1, MaxEpochs = 2, BatchSize = 128, Threads = 1 });
        using CtrModule model = kind == "dlrm"
            ? trainer.CreateModel(() => TestDlrms.Create(schema.DenseWidth, schema.Cardinalities, dim: 4, bottom: new[] { 8 }, top: new[] { 8 }))
            : trainer.CreateModel(() => new LogisticRegression(schema.DenseWidth, schema.Cardinalities));
        var result = trainer.Train(model, train, validation);

        var featurized = featurization.Transformer.Transform(ml.Data.LoadFromEnumerable(Rows(500, seed: 4)));
        var onnx = ml.Transforms.ApplyOnnxModel(
                new[] { CtrOnnxExporter.ProbabilityColumnName },
                CtrOnnxExporter.InputColumnNames(schema),
                new MemoryStream(CtrOnnxExporter.Export(model, schema)))
            .Fit(featurized);
        var actual = Probabilities(onnx.Transform(featurized));
        var expected = CtrTrainer.Predict(model, CtrDataset.Load(featurized, schema));

        double error = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
        _output.WriteLine($"trained {kind} (validation NE {result.BestValidation.NormalizedEntropy:F3}): max |p_mlnet - p_trainer| = {error:E2}");
        Assert.Equal(expected.Length, actual.Length);
        Assert.InRange(error, 0, 1e-5);
    }

    [Fact]
    public void DataWithoutCategoricalColumnsScoresInMLNet()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows(200, seed: 5).Select(r => new { r.Label, r.Clicks, r.Impressions, r.Price }));
        var featurization = new CtrFeaturizer(ml).Fit(data);
        var schema = featurization.Schema;
        using var model = SeededTorch.Create(3, () => new LogisticRegression(schema.DenseWidth, schema.Cardinalities));
        CtrTestInputs.Perturb(model, seed: 5);
        var featurized = featurization.Transformer.Transform(data);

        Assert.Equal(new[] { FeatureSchema.DenseColumnName }, CtrOnnxExporter.InputColumnNames(schema));
        var onnx = ml.Transforms.ApplyOnnxModel(new[] { CtrOnnxExporter.ProbabilityColumnName }, CtrOnnxExporter.InputColumnNames(schema),
            new MemoryStream(CtrOnnxExporter.Export(model, schema))).Fit(featurized);
        var actual = Probabilities(onnx.Transform(featurized));
        var expected = CtrTrainer.Predict(model, CtrDataset.Load(featurized, schema));
        Assert.InRange(expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max(), 0, 1e-5);
    }

    private static float[] Probabilities(IDataView scored)
        => scored.GetColumn<float[]>(CtrOnnxExporter.ProbabilityColumnName).Select(p => Assert.Single(p)).ToArray();

    private static float[] TorchProbabilities(CtrModule model, CtrDataset data)
    {
        var schema = data.Schema;
        var dense = new float[data.Count * schema.DenseWidth];
        var ids = new long[data.Count * schema.FieldCount];
        for (int i = 0; i < data.Count; i++)
            data.CopyRow(i, dense.AsSpan(i * schema.DenseWidth, schema.DenseWidth), ids.AsSpan(i * schema.FieldCount, schema.FieldCount));
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var logits = model.forward(tensor(dense, new long[] { data.Count, schema.DenseWidth }), tensor(ids, new long[] { data.Count, schema.FieldCount }));
        return sigmoid(logits).data<float>().ToArray();
    }
}

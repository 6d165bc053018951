using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Rankitect.Data;
using Rankitect.Export;
using Rankitect.Featurize;
using Rankitect.SearchSpaces.Models;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Tests.Spaces;
using Rankitect.Training;
using Xunit.Abstractions;

namespace Rankitect.Tests.Export;

/// <summary>The ensemble of retrained networks (<see cref="CtrEnsemble"/>): one ONNX graph whose output is the mean of
/// its members' probabilities, scored by ONNX Runtime and by a plain ML.NET model zip like a single network.</summary>
public class EnsembleExportTests
{
    private readonly ITestOutputHelper _output;

    public EnsembleExportTests(ITestOutputHelper output)
    {
        _output = output;
        Rankitect.Native.TorchRuntime.EnsureLoaded();
    }

    private static readonly FeatureSchema Schema = CtrTestInputs.CreateSchema(5, 10, 20, 300, 2);

    // Three different networks over the same inputs, perturbed away from their initialization so that they disagree.
    private static CtrModule[] Members(FeatureSchema schema)
    {
        var members = new CtrModule[]
        {
            SeededTorch.Create(3, () => TestDlrms.Create(schema.DenseWidth, schema.Cardinalities, dim: 6, bottom: [12], top: [10])),
            SeededTorch.Create(4, () => TestDlrms.HandDesigned(schema.DenseWidth, schema.Cardinalities)),
            SeededTorch.Create(5, () => new LogisticRegression(schema.DenseWidth, schema.Cardinalities)),
        };
        for (int i = 0; i < members.Length; i++)
            CtrTestInputs.Perturb(members[i], seed: 20 + i);
        return members;
    }

    [Fact]
    public void The_ensemble_ONNX_output_equals_the_mean_of_its_members_ONNX_outputs()
    {
        var members = Members(Schema);
        using var ensemble = new CtrEnsemble(members);
        var inputs = CtrTestInputs.Random(Schema, rows: 400, seed: 11);

        var memberProbabilities = members
            .Select(m => OnnxTestRunner.Run<float>(CtrOnnxExporter.Export(m, Schema), CtrOnnxExporter.ProbabilityColumnName, inputs.OnnxInputs()))
            .ToArray();
        var actual = OnnxTestRunner.Run<float>(CtrOnnxExporter.Export(ensemble, Schema), CtrOnnxExporter.ProbabilityColumnName, inputs.OnnxInputs());

        var mean = Enumerable.Range(0, inputs.Rows).Select(r => memberProbabilities.Average(p => (double)p[r])).ToArray();
        double error = mean.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        double spread = Enumerable.Range(0, inputs.Rows).Max(r => memberProbabilities.Max(p => p[r]) - memberProbabilities.Min(p => p[r]));
        _output.WriteLine($"max |p_ensemble - mean(p_members)| = {error:E2}; members disagree by up to {spread:F3}");
        Assert.Equal(inputs.Rows, actual.Length);
        Assert.InRange(error, 0, 1e-5);
        Assert.True(spread > 0.05, "the members must disagree, or their mean proves little");
    }

    [Fact]
    public void The_ensemble_ONNX_graph_scores_like_its_TorchSharp_forward()
    {
        using var ensemble = new CtrEnsemble(Members(Schema));
        CtrTestInputs.Random(Schema, rows: 300, seed: 12).AssertOnnxMatchesForward(ensemble, Schema, "ensemble of 3", _output);
    }

    [Fact]
    public void The_members_share_the_graph_inputs_and_the_decoding_of_the_ids()
    {
        using var ensemble = new CtrEnsemble(Members(Schema));
        var bytes = CtrOnnxExporter.Export(ensemble, Schema);
        using var session = new InferenceSession(bytes);
        Assert.Equal(CtrOnnxExporter.InputColumnNames(Schema), session.InputMetadata.Keys);
        var graph = Rankitect.Export.Onnx.ModelProto.Parser.ParseFrom(bytes).Graph;
        Assert.Single(graph.Node, n => n.OpType == "MatMul" && n.Input.Any(i => i.Contains("place_values")));
        Assert.Single(graph.Node, n => n.OpType == "Mean");
    }

    [Fact]
    public void The_model_zip_of_an_ensemble_loads_with_plain_Model_Load_and_scores_the_mean()
    {
        var ml = new MLContext(1);
        var rows = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 300).Select(i => new Row
        {
            Label = i % 3 == 0, Clicks = i % 7 == 0 ? float.NaN : i % 50, Site = $"s{i % 13}", Device = $"d{i % 4}",
        }).ToArray());
        var featurization = new CtrFeaturizer(ml).Fit(rows);
        var schema = featurization.Schema;
        var members = Members(schema);
        using var ensemble = new CtrEnsemble(members);
        var scoring = ScoringPipeline.Build(ml, featurization, CtrOnnxExporter.Export(ensemble, schema), rows);

        using var zip = new MemoryStream();
        ml.Model.Save(scoring, rows.Schema, zip);
        zip.Position = 0;
        var loaded = new MLContext(2).Model.Load(zip, out _);
        var actual = loaded.Transform(rows).GetColumn<float>("Probability").ToArray();

        var featurized = CtrDataset.Load(featurization.Transformer.Transform(rows), schema);
        var memberProbabilities = members.Select(m => CtrTrainer.Predict(m, featurized)).ToArray();
        double error = actual.Select((p, r) => Math.Abs(p - memberProbabilities.Average(m => (double)m[r]))).Max();
        _output.WriteLine($"reloaded zip: max |p - mean(p_members)| = {error:E2} over {actual.Length} rows");
        Assert.InRange(error, 0, 1e-5);
    }

    [Fact]
    public void Disposing_an_ensemble_disposes_its_members_unless_they_were_detached()
    {
        var members = Members(Schema);
        var inputs = CtrTestInputs.Random(Schema, rows: 20, seed: 13);
        var detached = new CtrEnsemble(members);
        detached.DetachMembers();
        detached.Dispose();
        Assert.All(members, m => Assert.Equal(inputs.Rows, inputs.TorchForward(m).Probabilities.Length)); // still usable

        var owning = new CtrEnsemble(members);
        long parameters = members.Sum(m => m.ParameterCount);
        Assert.Equal(parameters, owning.ParameterCount);
        owning.Dispose();
        Assert.ThrowsAny<Exception>(() => inputs.TorchForward(members[0]));
    }

    [Fact]
    public void An_ensemble_needs_two_distinct_members()
    {
        var members = Members(Schema);
        try
        {
            Assert.Throws<ArgumentException>(() => new CtrEnsemble([members[0]]));
            Assert.Throws<ArgumentException>(() => new CtrEnsemble([members[0], members[0]]));
        }
        finally
        {
            foreach (var member in members)
                member.Dispose();
        }
    }

    private sealed class Row
    {
        public bool Label { get; set; }
        public float Clicks { get; set; }
        public string Site { get; set; } = "";
        public string Device { get; set; } = "";
    }
}

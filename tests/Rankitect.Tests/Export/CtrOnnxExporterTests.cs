using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Rankitect.Data;
using Rankitect.Export;
using Rankitect.SearchSpaces.Models;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Tests.Spaces;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Rankitect.Tests.Export;

public class CtrOnnxExporterTests
{
    private readonly ITestOutputHelper _output;

    public CtrOnnxExporterTests(ITestOutputHelper output)
    {
        _output = output;
        Rankitect.Native.TorchRuntime.EnsureLoaded();
    }

    public static TheoryData<string> Models => new()
    {
        "dlrm-hand-designed", "dlrm-custom", "dlrm-no-hidden-layers", "dlrm-sparse-only", "dlrm-one-field",
        "logistic-regression", "logistic-regression-dense-only", "logistic-regression-sparse-only",
    };

    private static (CtrModule Model, FeatureSchema Schema) Create(string name)
    {
        int[] criteoLike = { 3, 17, 100, 1000, 2, 50_000, 7, 300 };
        var (schema, create) = name switch
        {
            // The DLRM space needs a categorical field (two without dense inputs): dense-only data is logistic regression's.
            "dlrm-hand-designed" => (Schema(13, criteoLike), HandDesignedDlrm()),
            "dlrm-custom" => (Schema(5, 10, 20, 30), Dlrm(8, new[] { 32, 16 }, new[] { 24, 12, 6 })),
            "dlrm-no-hidden-layers" => (Schema(4, 6, 9), Dlrm(3, Array.Empty<int>(), Array.Empty<int>())),
            "dlrm-sparse-only" => (Schema(0, 5, 40, 600, 2), HandDesignedDlrm()),
            "dlrm-one-field" => (Schema(3, 33), HandDesignedDlrm()),
            "logistic-regression" => (Schema(13, criteoLike), LogisticRegression()),
            "logistic-regression-dense-only" => (Schema(6), LogisticRegression()),
            "logistic-regression-sparse-only" => (Schema(0, 4, 70), LogisticRegression()),
            _ => throw new ArgumentException($"Unknown test model '{name}'.", nameof(name)),
        };
        // Seeded creation: the same weights on every run, whatever runs in parallel.
        return (SeededTorch.Create(3, () => create(schema)), schema);

        static FeatureSchema Schema(int dense, params int[] cardinalities) => CtrTestInputs.CreateSchema(dense, cardinalities);
        static Func<FeatureSchema, CtrModule> HandDesignedDlrm() => s => TestDlrms.HandDesigned(s.DenseWidth, s.Cardinalities);
        static Func<FeatureSchema, CtrModule> Dlrm(int dim, int[] bottom, int[] top)
            => s => TestDlrms.Create(s.DenseWidth, s.Cardinalities, dim, bottom, top);
        static Func<FeatureSchema, CtrModule> LogisticRegression()
            => s => new LogisticRegression(s.DenseWidth, s.Cardinalities);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void OnnxRuntimeScoresLikeTorchSharp(string name)
    {
        var (model, schema) = Create(name);
        using var _ = model;
        CtrTestInputs.Perturb(model, seed: 7);
        var inputs = CtrTestInputs.Random(schema, rows: 300, seed: 11);
        inputs.AssertOnnxMatchesForward(model, schema, name, _output);
    }

    [Fact]
    public void InputsAreNamedAsTheFeaturizedColumnsWithADynamicBatch()
    {
        var (model, schema) = Create("dlrm-custom");
        using var _ = model;
        using var session = new InferenceSession(CtrOnnxExporter.Export(model, schema));

        Assert.Equal(new[] { FeatureSchema.DenseColumnName, FeatureSchema.SparseCodesColumnName }, session.InputMetadata.Keys);
        Assert.Equal(new[] { -1, schema.DenseWidth }, session.InputMetadata[FeatureSchema.DenseColumnName].Dimensions);
        Assert.Equal(new[] { -1, schema.SparseCodeWidth }, session.InputMetadata[FeatureSchema.SparseCodesColumnName].Dimensions);
        Assert.All(session.InputMetadata.Values, m => Assert.Equal(typeof(float), m.ElementType));
        Assert.Equal(new[] { CtrOnnxExporter.LogitColumnName, CtrOnnxExporter.ProbabilityColumnName }, session.OutputMetadata.Keys);
        Assert.All(session.OutputMetadata.Values, m => Assert.Equal(new[] { -1, 1 }, m.Dimensions));
        Assert.All(session.OutputMetadata.Values, m => Assert.Equal(typeof(float), m.ElementType));
    }

    [Theory]
    [InlineData("logistic-regression-dense-only", FeatureSchema.DenseColumnName)]
    [InlineData("dlrm-sparse-only", FeatureSchema.SparseCodesColumnName)]
    public void AnInputTheSchemaLacksIsLeftOut(string name, string onlyInput)
    {
        var (model, schema) = Create(name);
        using var _ = model;
        using var session = new InferenceSession(CtrOnnxExporter.Export(model, schema));
        Assert.Equal(new[] { onlyInput }, session.InputMetadata.Keys);
    }

    [Fact]
    public void ModelCarriesProducerDescriptionAndFeatureSchema()
    {
        var (model, schema) = Create("dlrm-custom");
        using var _ = model;
        using var session = new InferenceSession(CtrOnnxExporter.Export(model, schema));
        var metadata = session.ModelMetadata;

        Assert.Equal("Rankitect", metadata.ProducerName);
        Assert.Contains("Dlrm", metadata.Description);
        using var json = JsonDocument.Parse(metadata.CustomMetadataMap[CtrOnnxExporter.FeatureSchemaMetadataKey]);
        var fields = json.RootElement.GetProperty("fields").EnumerateArray().ToArray();
        Assert.Equal(schema.Fields.Select(f => f.Name), fields.Select(f => f.GetProperty("name").GetString()));
        Assert.Equal(schema.Cardinalities, fields.Select(f => f.GetProperty("cardinality").GetInt32()));
        Assert.Equal(schema.DenseSlotNames, json.RootElement.GetProperty("denseSlots").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void StreamAndByteArrayExportsAreIdentical()
    {
        var (model, schema) = Create("logistic-regression");
        using var _ = model;
        using var stream = new MemoryStream();
        CtrOnnxExporter.Export(model, schema, stream);
        Assert.Equal(CtrOnnxExporter.Export(model, schema), stream.ToArray());
    }

    [Fact]
    public void ModelNeedingAnInputTheSchemaLacksIsRefused()
    {
        using var model = TestDlrms.HandDesigned(3, new[] { 4, 5 });
        var error = Assert.Throws<NotSupportedException>(() => CtrOnnxExporter.Export(model, CtrTestInputs.CreateSchema(0, 4, 5)));
        Assert.Contains("dense", error.Message);
    }

    [Fact]
    public void ModelWithoutExportIsRefusedByName()
    {
        using var model = new NoExportModel();
        var error = Assert.Throws<NotSupportedException>(() => CtrOnnxExporter.Export(model, CtrTestInputs.CreateSchema(2)));
        Assert.Contains(nameof(NoExportModel), error.Message);
    }

    private sealed class NoExportModel : CtrModule
    {
        public NoExportModel() : base("no_export") => RegisterComponents();

        public override Tensor forward(Tensor dense, Tensor ids) => dense.sum(1);
    }
}

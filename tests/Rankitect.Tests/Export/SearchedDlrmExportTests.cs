using Rankitect.Data;
using Rankitect.Export;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Rankitect.Tests.Export;

/// <summary>The DLRM search space's building blocks and <see cref="SearchedDlrm"/> exported to ONNX against their
/// TorchSharp forward passes.</summary>
public class SearchedDlrmExportTests
{

    // Cardinalities chosen so that the row fractions below give a one-row table (3 × 0.2), tables far smaller than
    // their vocabularies (ids past the table must be hashed) and one unhashed field (fraction 1).
    private static readonly int[] Cardinalities = { 3, 17, 100, 1000, 2, 50 };
    private static readonly double[] RowFractions = { 0.2, 0.3, 0.1, 0.05, 1.0, 0.5 };
    private static readonly int[] EmbeddingDims = { 2, 4, 8, 3, 5, 1 };

    private readonly ITestOutputHelper _output;

    public SearchedDlrmExportTests(ITestOutputHelper output)
    {
        _output = output;
        Rankitect.Native.TorchRuntime.EnsureLoaded();
    }

    [Fact]
    public void ConcatInteraction()
    {
        using var module = new ConcatInteraction();
        AssertExportMatchesForward(module, Random(4, 3, 5));
    }

    [Fact]
    public void FmInteraction()
    {
        using var module = new FmInteraction();
        AssertExportMatchesForward(module, Random(6, 4, 3));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void CrossNetwork(int layers)
    {
        using var module = SeededTorch.Create(5, () => new CrossNetwork(6, layers));
        AssertExportMatchesForward(module, Random(5, 6));
    }

    [Fact]
    public void HashedFieldEmbeddingsHashIdsLikeRowHashing()
    {
        // A one-row table, a two-row table (everything but OOV shares row 1) and two larger ones.
        int[] rowCounts = { 1, 2, 7, 10 };
        using var module = SeededTorch.Create(5, () => new HashedFieldEmbeddings(rowCounts, new[] { 3, 1, 5, 2 }, 4));
        // Per row: OOV, ids inside every table, ids at and past the table sizes, and ids far beyond any vocabulary.
        long[] ids =
        {
            0, 0, 0, 0,
            1, 1, 1, 1,
            5, 2, 6, 9,
            1, 3, 7, 10,
            4, 9, 8, 11,
            123_456_789_012, 1_000_003, 97, 1_000_000_007,
        };
        AssertExportMatchesForward(module, tensor(ids, new long[] { ids.Length / rowCounts.Length, rowCounts.Length }));
    }

    [Fact]
    public void HashedFieldEmbeddingsWithOneField()
    {
        using var module = SeededTorch.Create(5, () => new HashedFieldEmbeddings(new[] { 4 }, new[] { 3 }, 2));
        AssertExportMatchesForward(module, tensor(new long[] { 0, 1, 3, 4, 5, 99 }, new long[] { 6, 1 }));
    }

    public static TheoryData<InteractionOp> InteractionOps => new(Enum.GetValues<InteractionOp>());

    [Theory]
    [MemberData(nameof(InteractionOps))]
    public void OnnxRuntimeScoresSearchedDlrmLikeTorchSharp(InteractionOp op)
    {
        var schema = CtrTestInputs.CreateSchema(5, Cardinalities);
        using var model = SeededTorch.Create(3, () => new SearchedDlrm(Shape(schema), Architecture(op)));
        CtrTestInputs.Perturb(model, seed: 7);
        var inputs = CtrTestInputs.Random(schema, rows: 300, seed: 11);
        AssertHashingIsExercised(inputs);
        inputs.AssertOnnxMatchesForward(model, schema, op.ToString(), _output);
    }

    [Theory]
    [MemberData(nameof(InteractionOps))]
    public void OnnxRuntimeScoresSearchedDlrmWithoutDenseInputsLikeTorchSharp(InteractionOp op)
    {
        var schema = CtrTestInputs.CreateSchema(0, Cardinalities);
        var architecture = Architecture(op) with { BottomWidths = Array.Empty<int>() };
        using var model = SeededTorch.Create(3, () => new SearchedDlrm(Shape(schema), architecture));
        CtrTestInputs.Perturb(model, seed: 7);
        var inputs = CtrTestInputs.Random(schema, rows: 300, seed: 11);
        // The exporter passes dense = null: the graph has the sparse codes as its only input.
        Assert.Single(inputs.OnnxInputs());
        inputs.AssertOnnxMatchesForward(model, schema, $"{op} without dense inputs", _output);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(0)]
    public void OnnxRuntimeScoresSearchedDlrmWithTheFirstOrderTermLikeTorchSharp(int denseWidth)
    {
        var schema = CtrTestInputs.CreateSchema(denseWidth, Cardinalities);
        var architecture = Architecture(InteractionOp.Dot) with
        {
            FirstOrder = true,
            BottomWidths = denseWidth > 0 ? new[] { 16, 0, 8 } : Array.Empty<int>(),
        };
        using var model = SeededTorch.Create(3, () => new SearchedDlrm(Shape(schema), architecture));
        CtrTestInputs.Perturb(model, seed: 7); // the term starts at zero; perturbed, it contributes
        var inputs = CtrTestInputs.Random(schema, rows: 300, seed: 11);
        inputs.AssertOnnxMatchesForward(model, schema, $"first-order term, {denseWidth} dense", _output);
    }

    [Fact]
    public void OnnxRuntimeScoresACalibratedNetworkLikeTorchSharp()
    {
        var schema = CtrTestInputs.CreateSchema(5, Cardinalities);
        using var model = new CalibratedModule(SeededTorch.Create(3, () => new SearchedDlrm(Shape(schema), Architecture(InteractionOp.FactorizationMachine))),
            scale: 0.63, bias: -0.41);
        CtrTestInputs.Perturb(model, seed: 7);
        var inputs = CtrTestInputs.Random(schema, rows: 300, seed: 11);
        inputs.AssertOnnxMatchesForward(model, schema, "Platt-scaled", _output);
    }

    [Fact]
    public void WithoutDenseInputsBottomLayersAreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new SearchedDlrm(new CtrFeatureShape(0, Cardinalities), Architecture(InteractionOp.Dot)));
        Assert.Contains("no bottom layers", error.Message);
    }

    [Fact]
    public void ExportWithoutDenseInputsIsRefused()
    {
        var shape = new CtrFeatureShape(3, Cardinalities);
        using var model = new SearchedDlrm(shape, Architecture(InteractionOp.Dot));
        var error = Assert.Throws<NotSupportedException>(() => CtrOnnxExporter.Export(model, CtrTestInputs.CreateSchema(0, Cardinalities)));
        Assert.Contains("dense", error.Message);
    }

    private static CtrFeatureShape Shape(FeatureSchema schema) => new(schema.DenseWidth, schema.Cardinalities);

    /// <summary>Skipped layers in both MLPs, mixed embedding dims and row fractions below 1.</summary>
    private static DlrmArchitecture Architecture(InteractionOp op) => new()
    {
        BottomWidths = new[] { 16, 0, 8 },
        TopWidths = new[] { 24, 0, 12 },
        EmbeddingDims = EmbeddingDims,
        RowFractions = RowFractions,
        Interaction = op,
        InteractionWidth = 6,
        CrossLayers = 2,
    };

    /// <summary>The batch must hold OOV ids and, in every hashed field, ids past the table's last row.</summary>
    private static void AssertHashingIsExercised(CtrTestInputs inputs)
    {
        int fields = Cardinalities.Length;
        for (int f = 0; f < fields; f++)
        {
            var column = Enumerable.Range(0, inputs.Rows).Select(r => inputs.Ids[r * fields + f]).ToArray();
            int rows = RowHashing.RowCount(Cardinalities[f], RowFractions[f]);
            Assert.Contains(0L, column);
            if (rows < Cardinalities[f])
                Assert.Contains(column, id => id >= rows);
        }
    }

    private static Tensor Random(params long[] shape)
    {
        using var generator = new Generator(42);
        return randn(shape, generator: generator);
    }

    // One definition of "the export matches forward" for every module.
    private static void AssertExportMatchesForward(nn.Module<Tensor, Tensor> module, Tensor input)
        => ModuleExportTests.AssertExportMatchesForward(module, input);
}

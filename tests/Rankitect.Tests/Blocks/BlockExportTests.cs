using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Blocks;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Tests.Export;
using Xunit.Abstractions;
using static Rankitect.Tests.Blocks.BlockTestSpaces;

namespace Rankitect.Tests.Blocks;

/// <summary>Block networks exported to ONNX against their TorchSharp forward passes.</summary>
public class BlockExportTests
{
    private readonly ITestOutputHelper _output;

    public BlockExportTests(ITestOutputHelper output)
    {
        _output = output;
        Rankitect.Native.TorchRuntime.EnsureLoaded();
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0)]
    public void OnnxRuntimeScoresAnArchitectureWithEveryOperatorLikeTorchSharp(int denseWidth)
    {
        var schema = CtrTestInputs.CreateSchema(denseWidth, Cardinalities);
        // 9 blocks: every dense op, every sparse op (three times), both interaction modules, optional inputs, operands.
        var space = new BlockSpace(new CtrFeatureShape(schema.DenseWidth, schema.Cardinalities), TinyFull(9));
        var indices = AllOperators(space);
        var architecture = space.Decode(indices);
        Assert.Equal(Enum.GetValues<DenseOp>().Order(), architecture.Blocks.Select(b => b.DenseOp).Distinct().Order());
        Assert.Equal(Enum.GetValues<SparseOp>().Order(), architecture.Blocks.Select(b => b.SparseOp).Distinct().Order());
        Assert.Contains(architecture.Blocks, b => b.DenseToSparse);
        Assert.Contains(architecture.Blocks, b => b.SparseToDense);
        using var model = SeededTorch.Create(3, () => space.Build(indices));
        CtrTestInputs.Perturb(model, seed: 7);
        var inputs = CtrTestInputs.Random(schema, rows: 200, seed: 11);
        inputs.AssertOnnxMatchesForward(model, schema, space.Describe(indices), _output);
    }
}

using Google.Protobuf;
using Rankitect.Export;
using Rankitect.SearchSpaces.Export;
using Rankitect.SearchSpaces.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.Tests.Export;

/// <summary>Each building block's ONNX export against its own forward pass: the harness a new operator's test uses.</summary>
public class ModuleExportTests
{
    public ModuleExportTests() => Rankitect.Native.TorchRuntime.EnsureLoaded();

    [Fact]
    public void DenseLogTransform()
    {
        using var module = new DenseLogTransform();
        AssertExportMatchesForward(module, tensor(new float[] { -3, 0, 1e-6f, 0.5f, 1, 1e4f, 3e7f, -0f }, new long[] { 2, 4 }));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MlpOnAMatrix(bool activateLast)
    {
        using var module = new Mlp(6, new[] { 5, 4, 3 }, activateLast);
        AssertExportMatchesForward(module, Random(10, 6));
    }

    [Fact]
    public void MlpOnABatchOfVectorSets()
    {
        using var module = new Mlp(4, new[] { 7, 2 });
        AssertExportMatchesForward(module, Random(5, 3, 4));
    }

    [Fact]
    public void MlpWithoutLayersIsTheIdentity()
    {
        using var module = new Mlp(4, Array.Empty<int>());
        AssertExportMatchesForward(module, Random(3, 4));
    }

    [Fact]
    public void DotInteraction()
    {
        using var module = new DotInteraction(5);
        AssertExportMatchesForward(module, Random(6, 5, 3));
    }

    [Fact]
    public void SparseEmbeddingTable()
    {
        using var module = new SparseEmbeddingTable(11, 3);
        using (no_grad())
            module.Weight.copy_(Random(11, 3));
        AssertExportMatchesForward(module, tensor(new long[] { 0, 10, 3, 3, 7, 1 }, new long[] { 2, 3 }));
    }

    [Fact]
    public void FieldEmbeddingsAddEachFieldsRowOffset()
    {
        using var module = new FieldEmbeddings(new[] { 2, 5, 3 }, 4);
        AssertExportMatchesForward(module, tensor(new long[] { 0, 4, 2, 1, 0, 0, 1, 3, 1 }, new long[] { 3, 3 }));
    }

    private static Tensor Random(params long[] shape)
    {
        using var generator = new Generator(42);
        return randn(shape, generator: generator);
    }

    /// <summary>Exports <paramref name="module"/> alone (input [N, ...] with a dynamic batch) and checks ONNX Runtime
    /// reproduces <c>forward(input)</c> in shape and, within 1e-5, in value.</summary>
    internal static void AssertExportMatchesForward(nn.Module<Tensor, Tensor> module, Tensor input)
    {
        using var scope = NewDisposeScope();
        module.eval();
        float[] expected;
        long[] expectedShape;
        using (no_grad())
        {
            var output = module.forward(input);
            expected = output.data<float>().ToArray();
            expectedShape = output.shape;
        }

        var graph = new OnnxGraphBuilder("module");
        var isIds = input.dtype == ScalarType.Int64;
        var name = graph.AddInput("input", isIds ? OnnxElementType.Int64 : OnnxElementType.Float, input.shape.Skip(1).ToArray());
        var result = ((IOnnxExportable)module).ExportOnnx(graph, name);
        graph.AddNode("Identity", [result], output: "output");
        graph.AddOutput("output", OnnxElementType.Float, expectedShape.Skip(1).ToArray());
        var model = OnnxModelFactory.Create(graph.ToGraph(), "module test", []).ToByteArray();

        Array data = isIds ? input.data<long>().ToArray() : input.data<float>().ToArray();
        var actual = OnnxTestRunner.Run<float>(model, "output", new[] { new OnnxTestRunner.Input("input", data, input.shape) }, out var actualShape);

        Assert.Equal(expectedShape, actualShape);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])),
                $"Element {i}: forward {expected[i]}, ONNX {actual[i]}.");
    }
}

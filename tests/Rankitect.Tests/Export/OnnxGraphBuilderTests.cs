using TorchSharp;
using Rankitect.Export;
using Rankitect.SearchSpaces.Export;
using static TorchSharp.torch;

namespace Rankitect.Tests.Export;

public class OnnxGraphBuilderTests
{
    public OnnxGraphBuilderTests() => Rankitect.Native.TorchRuntime.EnsureLoaded();

    [Fact]
    public void NamesAreScopedAndUnique()
    {
        var graph = new OnnxGraphBuilder("g");
        var input = graph.AddInput("x", OnnxElementType.Float, 2);
        Assert.Equal("x", input);
        string first, second, inner, relu;
        using (graph.BeginScope("model"))
        {
            first = graph.AddFloatConstant("w", [1f, 2f]);
            second = graph.AddFloatConstant("w", [3f, 4f]);
            using (graph.BeginScope("layer"))
                inner = graph.AddFloatConstant("w", [5f, 6f]);
            relu = graph.AddNode("Relu", [input]);
        }
        Assert.Equal(new[] { "model.w", "model.w_1", "model.layer.w", "model.Relu" }, new[] { first, second, inner, relu });
        Assert.Equal("Relu", graph.AddNode("Relu", [input]));
        Assert.Equal(2, graph.NodeCount);
    }

    [Fact]
    public void InitializerCopiesTensorShapeAndType()
    {
        var graph = new OnnxGraphBuilder("g");
        using var six = 6.ToScalar();
        using var ten = 10.ToScalar();
        using var weights = arange(six, ScalarType.Float32).view(2, 3).t(); // not contiguous
        using var offsets = tensor(new long[] { 0, 5 });
        using var counts = arange(ten, ScalarType.Int64);
        using var view = counts.narrow(0, 3, 4); // contiguous, but starts inside its storage
        graph.AddInitializer("w", weights);
        graph.AddInitializer("o", offsets);
        graph.AddInitializer("v", view);
        var proto = graph.ToGraph();
        Assert.Equal(new long[] { 3, 2 }, proto.Initializer[0].Dims);
        Assert.Equal((int)OnnxElementType.Float, proto.Initializer[0].DataType);
        var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(proto.Initializer[0].RawData.Span).ToArray();
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, values);
        Assert.Equal((int)OnnxElementType.Int64, proto.Initializer[1].DataType);
        Assert.Equal(new long[] { 3, 4, 5, 6 }, System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(proto.Initializer[2].RawData.Span).ToArray());
    }

    [Fact]
    public void MistakesAreReportedWhereTheyAreMade()
    {
        var graph = new OnnxGraphBuilder("g");
        var input = graph.AddInput("x", OnnxElementType.Float, 2);
        Assert.Contains("'missing'", Assert.Throws<InvalidOperationException>(() => graph.AddNode("Add", [input, "missing"])).Message);
        graph.AddNode("Relu", [input], output: "y");
        Assert.Contains("'y'", Assert.Throws<InvalidOperationException>(() => graph.AddNode("Relu", [input], output: "y")).Message);
        Assert.Throws<ArgumentException>(() => graph.AddInt64Constant("shape", [1, 2, 3], [2, 2]));
        using var ints = tensor(new int[] { 1, 2 });
        Assert.Throws<NotSupportedException>(() => graph.AddInitializer("i", ints));
        Assert.Throws<InvalidOperationException>(() => graph.AddOutput("nothing", OnnxElementType.Float, 1));
        var outer = graph.BeginScope("outer");
        using (graph.BeginScope("inner"))
            Assert.Throws<InvalidOperationException>(() => outer.Dispose());
    }
}

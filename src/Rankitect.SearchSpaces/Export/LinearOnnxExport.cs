using TorchSharp.Modules;

namespace Rankitect.SearchSpaces.Export;

/// <summary>ONNX export of TorchSharp's <see cref="Linear"/>, which is not ours to add an interface to.</summary>
public static class LinearOnnxExport
{
    /// <summary>Adds y = x Wᵀ + b for an input [..., in] and returns the output [..., out].</summary>
    /// <param name="linear">The layer.</param>
    /// <param name="graph">The graph being built.</param>
    /// <param name="input">Name of the input tensor.</param>
    /// <param name="name">Scope name of the layer's tensors.</param>
    public static string ExportOnnx(this Linear linear, IOnnxGraphBuilder graph, string input, string name)
    {
        ArgumentNullException.ThrowIfNull(linear);
        ArgumentNullException.ThrowIfNull(graph);
        using var scope = graph.BeginScope(name);
        // MatMul + Add rather than Gemm: Gemm accepts only 2-D inputs, layers may see [B, T, in].
        string weight;
        using (var transposed = linear.weight!.detach().t())
            weight = graph.AddInitializer("weight_t", transposed);
        var product = graph.AddNode("MatMul", [input, weight]);
        if (linear.bias is null)
            return product;
        return graph.AddNode("Add", [product, graph.AddInitializer("bias", linear.bias)]);
    }
}

using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Export;
using static TorchSharp.torch;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>The tensor functions the block operators share, each next to its ONNX form so the two stay in step.</summary>
internal static class BlockKernels
{
    /// <summary>LayerNorm epsilon of every block norm (TorchSharp's and ONNX's default).</summary>
    public const double NormEpsilon = 1e-5;

    /// <summary>A linear along the token axis: x [B, T, e], weight [t, T], bias [t] -> [B, t, e] (the bias is per
    /// output token, shared across e).</summary>
    public static Tensor TokenLinear(Tensor x, Tensor weight, Tensor bias)
        => weight.matmul(x).add(bias.unsqueeze(-1), One);

    /// <summary>The factorization machine's pairwise term per dimension: 0.5((Σ v)² − Σ v²), [B, T, e] -> [B, e].</summary>
    public static Tensor Fm(Tensor tokens) => Modules.FmInteraction.Compute(tokens);

    /// <summary>x Wᵀ + b with explicit weights.</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias) => nn.functional.linear(x, weight, bias);

    /// <summary>LayerNorm over the last dimension with explicit affine weights.</summary>
    public static Tensor LayerNorm(Tensor x, Tensor weight, Tensor bias)
        => nn.functional.layer_norm(x, new[] { x.shape[^1] }, weight, bias, NormEpsilon);

    /// <summary>Rows [0, count) of a weight's first dimension.</summary>
    public static Tensor Rows(Tensor weight, int count) => weight.narrow(0, 0, count);

    /// <summary>Adds x Wᵀ + b for weight [out, in] and bias [out] (or none).</summary>
    public static string OnnxLinear(IOnnxGraphBuilder graph, string input, Tensor weight, Tensor? bias, string name)
    {
        using var scope = graph.BeginScope(name);
        string w;
        using (var transposed = weight.detach().t())
            w = graph.AddInitializer("weight_t", transposed);
        var product = graph.AddNode("MatMul", [input, w]);
        return bias is null ? product : graph.AddNode("Add", [product, graph.AddInitializer("bias", bias.detach())]);
    }

    /// <summary>Adds <see cref="TokenLinear"/>.</summary>
    public static string OnnxTokenLinear(IOnnxGraphBuilder graph, string input, Tensor weight, Tensor bias, string name)
    {
        using var scope = graph.BeginScope(name);
        var product = graph.AddNode("MatMul", [graph.AddInitializer("weight", weight.detach()), input]);
        using var column = bias.detach().unsqueeze(-1);
        return graph.AddNode("Add", [product, graph.AddInitializer("bias", column)]);
    }

    /// <summary>Adds <see cref="Fm"/> in the same order of operations.</summary>
    public static string OnnxFm(IOnnxGraphBuilder graph, string input, string name) => Modules.FmInteraction.Export(graph, input, name);

    /// <summary>Adds LayerNormalization over the last axis.</summary>
    public static string OnnxLayerNorm(IOnnxGraphBuilder graph, string input, Tensor weight, Tensor bias, string name)
    {
        using var scope = graph.BeginScope(name);
        return graph.AddNode("LayerNormalization",
            [input, graph.AddInitializer("weight", weight.detach()), graph.AddInitializer("bias", bias.detach())],
            [OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", (float)NormEpsilon)]);
    }
}

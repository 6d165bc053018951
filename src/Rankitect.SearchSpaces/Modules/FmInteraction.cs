using Rankitect.SearchSpaces.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>
/// The factorization machine's second-order term kept per dimension (NFM's bi-interaction pooling):
/// 0.5 ((Σᵢ vᵢ)² − Σᵢ vᵢ²), the sum over all pairs of vᵢ ⊙ vⱼ in O(n·d). Input [B, n, d] -> output [B, d].
/// </summary>
public sealed class FmInteraction : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    /// <summary>Creates the interaction.</summary>
    public FmInteraction(string name = "fm") : base(TorchModule.Named(name))
    {
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor vectors)
    {
        using var scope = NewDisposeScope();
        return Compute(vectors).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public string ExportOnnx(IOnnxGraphBuilder graph, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        return Export(graph, input, GetName());
    }

    /// <summary>The FM second-order term of vectors [B, n, d]: 0.5 · ((Σ v)² − Σ v²) per dimension, [B, d]. The one
    /// implementation: the DLRM interaction and the block space's FM operators both use it.</summary>
    public static Tensor Compute(Tensor vectors)
    {
        var sum = vectors.sum(1);
        return (sum.square() - vectors.square().sum(1)).mul(Half);
    }

    // Held for the process's lifetime: an implicit Scalar made per call can be freed by its finalizer while the native
    // call still reads it (TorchSharp 0.107).
    private static readonly Scalar Half = 0.5.ToScalar();

    /// <summary>Adds <see cref="Compute"/> to an ONNX graph under <paramref name="scopeName"/>, in the same order of
    /// operations (square after summing, subtract, halve), so rounding matches.</summary>
    public static string Export(IOnnxGraphBuilder graph, string input, string scopeName)
    {
        using var scope = graph.BeginScope(scopeName);
        var axis1 = graph.AddInt64Constant("axis1", [1]);
        var reduce = new[] { OnnxAttribute.Int("keepdims", 0) };
        var sum = graph.AddNode("ReduceSum", [input, axis1], reduce);
        var squares = graph.AddNode("ReduceSum", [graph.AddNode("Mul", [input, input]), axis1], reduce);
        var difference = graph.AddNode("Sub", [graph.AddNode("Mul", [sum, sum]), squares]);
        return graph.AddNode("Mul", [difference, graph.AddFloatConstant("half", [0.5f])]);
    }
}

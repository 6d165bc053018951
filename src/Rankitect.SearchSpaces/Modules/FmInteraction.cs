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
        var sum = vectors.sum(1);
        var squares = vectors.square().sum(1);
        return sum.square().sub_(squares).mul_(0.5).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public string ExportOnnx(IOnnxGraphBuilder graph, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        using var scope = graph.BeginScope(GetName());
        // Same order of operations as forward (square after summing, subtract, halve), so rounding matches.
        var axis1 = graph.AddInt64Constant("axis1", [1]);
        var reduce = new[] { OnnxAttribute.Int("keepdims", 0) };
        var sum = graph.AddNode("ReduceSum", [input, axis1], reduce);
        var squares = graph.AddNode("ReduceSum", [graph.AddNode("Mul", [input, input]), axis1], reduce);
        var difference = graph.AddNode("Sub", [graph.AddNode("Mul", [sum, sum]), squares]);
        return graph.AddNode("Mul", [difference, graph.AddFloatConstant("half", [0.5f])]);
    }
}

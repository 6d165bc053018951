using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Rankitect.SearchSpaces.Spaces.Blocks.BlockKernels;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>Dense op FC: relu(LayerNorm(Linear(dense input))). [B, D] -> [B, W].</summary>
internal sealed class FcOp : BlockOperator
{
    private readonly Linear linear;
    private readonly LayerNorm norm;

    public FcOp(int input, int width, string name = "fc") : base(name)
    {
        linear = SeededTorch.Linear(input, width);
        norm = nn.LayerNorm(width, NormEpsilon);
        RegisterComponents();
    }

    public override IReadOnlyList<Tensor> Weights => [linear.weight!, linear.bias!, norm.weight!, norm.bias!];

    public override Tensor[] Slice(BlockSlice s)
        => [Rows(linear.weight!, s.Width).index_select(1, s.DenseColumns), Rows(linear.bias!, s.Width), Rows(norm.weight!, s.Width), Rows(norm.bias!, s.Width)];

    public override Tensor Apply(OperatorInputs x, IReadOnlyList<Tensor> w)
        => nn.functional.relu(LayerNorm(Linear(x.Dense, w[0], w[1]), w[2], w[3]));

    /// <summary>The supernet's soft-width FC: Σ_k gates[k] · pad(FC at width widths[k]) over the full weights, the
    /// LayerNorm of candidate k taken over its own prefix (so a one-hot gate is exactly the sliced FC).</summary>
    public Tensor MixWidths(Tensor dense, IReadOnlyList<int> widths, Tensor gates)
    {
        using var scope = NewDisposeScope();
        var hidden = Linear(dense, linear.weight!, linear.bias!);
        long full = hidden.shape[1];
        Tensor? mixed = null;
        for (int k = 0; k < widths.Count; k++)
        {
            int w = widths[k];
            var normed = nn.functional.relu(LayerNorm(hidden.narrow(1, 0, w), Rows(norm.weight!, w), Rows(norm.bias!, w)));
            var padded = w < full ? nn.functional.pad(normed, new long[] { 0, full - w }) : normed;
            var term = padded * gates[k];
            mixed = mixed is null ? term : mixed.add(term, One);
        }
        return mixed!.MoveToOuterDisposeScope();
    }

    public override string ExportOnnx(IOnnxGraphBuilder graph, OnnxOperatorInputs x)
    {
        using var scope = graph.BeginScope(GetName());
        var h = linear.ExportOnnx(graph, x.Dense, "linear");
        return graph.AddNode("Relu", [OnnxLayerNorm(graph, h, norm.weight!, norm.bias!, "norm")]);
    }
}

using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Rankitect.SearchSpaces.Spaces.Blocks.BlockKernels;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>Dense op FM: the pairwise FM term of the sparse input tokens [B, e] through a linear to the width (no
/// bias), plus the dense input through a linear (with the bias). [B, D], [B, T, e] -> [B, W].</summary>
internal sealed class FmDenseOp : BlockOperator
{
    private readonly Linear fm_proj;
    private readonly Linear dense_proj;

    public FmDenseOp(int denseInput, int embeddingDim, int width, string name = "fm") : base(name)
    {
        fm_proj = SeededTorch.Linear(embeddingDim, width, hasBias: false);
        dense_proj = SeededTorch.Linear(denseInput, width);
        RegisterComponents();
    }

    public override IReadOnlyList<Tensor> Weights => [fm_proj.weight!, dense_proj.weight!, dense_proj.bias!];

    public override Tensor[] Slice(BlockSlice s)
        => [Rows(fm_proj.weight!, s.Width), Rows(dense_proj.weight!, s.Width).index_select(1, s.DenseColumns), Rows(dense_proj.bias!, s.Width)];

    public override Tensor Apply(OperatorInputs x, IReadOnlyList<Tensor> w)
    {
        using var scope = NewDisposeScope();
        return Linear(Fm(x.Sparse), w[0], null).add(Linear(x.Dense, w[1], w[2]), One).MoveToOuterDisposeScope();
    }

    public override string ExportOnnx(IOnnxGraphBuilder graph, OnnxOperatorInputs x)
    {
        using var scope = graph.BeginScope(GetName());
        var fm = fm_proj.ExportOnnx(graph, OnnxFm(graph, x.Sparse, "pairs"), "fm_proj");
        return graph.AddNode("Add", [fm, dense_proj.ExportOnnx(graph, x.Dense, "dense_proj")]);
    }
}

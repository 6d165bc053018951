using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Rankitect.SearchSpaces.Spaces.Blocks.BlockKernels;

namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>Dense op DCN-v2 cross: one full-rank cross layer x0 ⊙ (W x0 + b) + x0 over the dense input x0, then a
/// linear to the width. [B, D] -> [B, W].</summary>
internal sealed class CrossOp : BlockOperator
{
    private readonly Linear cross;
    private readonly Linear output;

    public CrossOp(int input, int width, string name = "cross") : base(name)
    {
        cross = SeededTorch.Linear(input, input);
        output = SeededTorch.Linear(input, width);
        RegisterComponents();
    }

    public override IReadOnlyList<Tensor> Weights => [cross.weight!, cross.bias!, output.weight!, output.bias!];

    public override Tensor[] Slice(BlockSlice s)
        => [cross.weight!.index_select(0, s.DenseColumns).index_select(1, s.DenseColumns), cross.bias!.index_select(0, s.DenseColumns),
            Rows(output.weight!, s.Width).index_select(1, s.DenseColumns), Rows(output.bias!, s.Width)];

    public override Tensor Apply(OperatorInputs x, IReadOnlyList<Tensor> w)
    {
        using var scope = NewDisposeScope();
        var crossed = Modules.CrossNetwork.Layer(x.Dense, x.Dense, w[0], w[1]);
        return Linear(crossed, w[2], w[3]).MoveToOuterDisposeScope();
    }

    public override string ExportOnnx(IOnnxGraphBuilder graph, OnnxOperatorInputs x)
    {
        using var scope = graph.BeginScope(GetName());
        var projected = cross.ExportOnnx(graph, x.Dense, "cross");
        var crossed = Modules.CrossNetwork.ExportLayer(graph, x.Dense, x.Dense, projected);
        return output.ExportOnnx(graph, crossed, "output");
    }
}

using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Rankitect.SearchSpaces.Spaces.Blocks.BlockKernels;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>The binary dense ops over the block's left and right operands, each first projected to the width W:
/// gating linear(P_r(right) ⊙ sigmoid(P_l(left))) and sum linear(P_l(left) + P_r(right)).
/// [B, W_left], [B, W_right] -> [B, W].</summary>
internal sealed class BinaryDenseOp : BlockOperator
{
    private readonly Linear left;
    private readonly Linear right;
    private readonly Linear output;
    private readonly bool _gating;

    public BinaryDenseOp(DenseOp op, int leftInput, int rightInput, int width, string? name = null) : base(name ?? (op == DenseOp.Gating ? "gating" : "sum"))
    {
        if (!op.IsBinary())
            throw new ArgumentOutOfRangeException(nameof(op), op, "Not a binary dense op.");
        _gating = op == DenseOp.Gating;
        left = SeededTorch.Linear(leftInput, width);
        right = SeededTorch.Linear(rightInput, width);
        output = SeededTorch.Linear(width, width);
        RegisterComponents();
    }

    public override IReadOnlyList<Tensor> Weights
        => [left.weight!, left.bias!, right.weight!, right.bias!, output.weight!, output.bias!];

    public override Tensor[] Slice(BlockSlice s)
        => [Rows(left.weight!, s.Width).index_select(1, s.LeftColumns), Rows(left.bias!, s.Width),
            Rows(right.weight!, s.Width).index_select(1, s.RightColumns), Rows(right.bias!, s.Width),
            Rows(output.weight!, s.Width).narrow(1, 0, s.Width), Rows(output.bias!, s.Width)];

    public override Tensor Apply(OperatorInputs x, IReadOnlyList<Tensor> w)
    {
        using var scope = NewDisposeScope();
        var l = Linear(x.Left!, w[0], w[1]);
        var r = Linear(x.Right!, w[2], w[3]);
        var hidden = _gating ? r * l.sigmoid() : l.add(r, One);
        // In the supernet's gate mode the hidden units beyond the chosen width must not reach the output layer.
        if (x.HiddenMask is not null)
            hidden = hidden * x.HiddenMask;
        return Linear(hidden, w[4], w[5]).MoveToOuterDisposeScope();
    }

    public override string ExportOnnx(IOnnxGraphBuilder graph, OnnxOperatorInputs x)
    {
        using var scope = graph.BeginScope(GetName());
        var l = left.ExportOnnx(graph, x.Left ?? throw new ArgumentException("The left operand is missing."), "left");
        var r = right.ExportOnnx(graph, x.Right ?? throw new ArgumentException("The right operand is missing."), "right");
        var hidden = _gating ? graph.AddNode("Mul", [r, graph.AddNode("Sigmoid", [l])]) : graph.AddNode("Add", [l, r]);
        return output.ExportOnnx(graph, hidden, "output");
    }
}

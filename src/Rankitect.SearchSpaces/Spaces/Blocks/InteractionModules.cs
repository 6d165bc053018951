using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Rankitect.SearchSpaces.Spaces.Blocks.BlockKernels;

namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>Interaction module dense→sparse: a linear of the block's dense op output to n tokens of size e, which are
/// appended to the block's sparse output. [B, W] -> [B, n, e].</summary>
internal sealed class DenseToSparse : BlockOperator
{
    private readonly Linear linear;
    private readonly int _tokens;
    private readonly int _dim;

    public DenseToSparse(int width, int tokens, int embeddingDim, string name = "dense_to_sparse") : base(name)
    {
        linear = SeededTorch.Linear(width, tokens * embeddingDim);
        _tokens = tokens;
        _dim = embeddingDim;
        RegisterComponents();
    }

    public override IReadOnlyList<Tensor> Weights => [linear.weight!, linear.bias!];

    /// <summary>The dense op output has the block's width: the first <see cref="BlockSlice.Width"/> input columns.</summary>
    public override Tensor[] Slice(BlockSlice s) => [linear.weight!.narrow(1, 0, s.Width), linear.bias!];

    /// <summary>Reads the block's dense op output from <see cref="OperatorInputs.Dense"/>.</summary>
    public override Tensor Apply(OperatorInputs x, IReadOnlyList<Tensor> w)
        => Linear(x.Dense, w[0], w[1]).view(-1, _tokens, _dim);

    public override string ExportOnnx(IOnnxGraphBuilder graph, OnnxOperatorInputs x)
    {
        using var scope = graph.BeginScope(GetName());
        return graph.AddNode("Reshape", [linear.ExportOnnx(graph, x.Dense, "linear"), graph.AddInt64Constant("token_shape", [-1, _tokens, _dim])]);
    }
}

/// <summary>Interaction module sparse→dense: the pairwise FM term of the block's sparse op output through a linear to
/// the width, added to the block's dense output. [B, t, e] -> [B, W].</summary>
internal sealed class SparseToDense : BlockOperator
{
    private readonly Linear linear;

    public SparseToDense(int embeddingDim, int width, string name = "sparse_to_dense") : base(name)
    {
        linear = SeededTorch.Linear(embeddingDim, width);
        RegisterComponents();
    }

    public override IReadOnlyList<Tensor> Weights => [linear.weight!, linear.bias!];

    public override Tensor[] Slice(BlockSlice s) => [Rows(linear.weight!, s.Width), Rows(linear.bias!, s.Width)];

    /// <summary>Reads the block's sparse op output from <see cref="OperatorInputs.Sparse"/>.</summary>
    public override Tensor Apply(OperatorInputs x, IReadOnlyList<Tensor> w)
    {
        using var scope = NewDisposeScope();
        return Linear(Fm(x.Sparse), w[0], w[1]).MoveToOuterDisposeScope();
    }

    public override string ExportOnnx(IOnnxGraphBuilder graph, OnnxOperatorInputs x)
    {
        using var scope = graph.BeginScope(GetName());
        return linear.ExportOnnx(graph, OnnxFm(graph, x.Sparse, "fm"), "linear");
    }
}

using Rankitect.SearchSpaces.Export;
using Rankitect.SearchSpaces.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Rankitect.SearchSpaces.Spaces.Blocks.BlockKernels;

namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>Dense op dot-product (NASRec): the dense input projected to one token of size e, k tokens made from the
/// sparse input by a linear over tokens, the dot products of all k(k + 1)/2 pairs of these k + 1 tokens (a symmetric
/// Gram matrix, so its lower triangle holds the same pairs as the upper), a linear to the width.</summary>
internal sealed class DotProductOp : BlockOperator
{
    private readonly Linear dense_proj;
    private readonly Linear token_proj;
    private readonly DotInteraction dot;
    private readonly Linear output;

    public DotProductOp(int denseInput, int sparseTokens, int embeddingDim, int dotTokens, int width, string name = "dot_product") : base(name)
    {
        dense_proj = SeededTorch.Linear(denseInput, embeddingDim);
        token_proj = SeededTorch.Linear(sparseTokens, dotTokens); // weight [k, T]: a linear over the token axis
        dot = new DotInteraction(dotTokens + 1);
        output = SeededTorch.Linear(dot.OutputWidth, width);
        RegisterComponents();
    }

    public override IReadOnlyList<Tensor> Weights
        => [dense_proj.weight!, dense_proj.bias!, token_proj.weight!, token_proj.bias!, output.weight!, output.bias!];

    public override Tensor[] Slice(BlockSlice s)
        => [dense_proj.weight!.index_select(1, s.DenseColumns), dense_proj.bias!, token_proj.weight!.index_select(1, s.SparseSlots),
            token_proj.bias!, Rows(output.weight!, s.Width), Rows(output.bias!, s.Width)];

    public override Tensor Apply(OperatorInputs x, IReadOnlyList<Tensor> w)
    {
        using var scope = NewDisposeScope();
        var denseToken = Linear(x.Dense, w[0], w[1]).unsqueeze(1);
        var tokens = cat(new[] { denseToken, TokenLinear(x.Sparse, w[2], w[3]) }, 1);
        return Linear(dot.forward(tokens), w[4], w[5]).MoveToOuterDisposeScope();
    }

    public override string ExportOnnx(IOnnxGraphBuilder graph, OnnxOperatorInputs x)
    {
        using var scope = graph.BeginScope(GetName());
        var denseToken = graph.AddNode("Unsqueeze", [dense_proj.ExportOnnx(graph, x.Dense, "dense_proj"), graph.AddInt64Constant("axis1", [1])]);
        var sparse = OnnxTokenLinear(graph, x.Sparse, token_proj.weight!, token_proj.bias!, "token_proj");
        var tokens = graph.AddNode("Concat", [denseToken, sparse], [OnnxAttribute.Int("axis", 1)]);
        return output.ExportOnnx(graph, dot.ExportOnnx(graph, tokens), "output");
    }
}

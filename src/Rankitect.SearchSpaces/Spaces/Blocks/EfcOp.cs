using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Rankitect.SearchSpaces.Spaces.Blocks.BlockKernels;

namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>Sparse op EFC (embedded FC): a linear along the token axis. [B, T, e] -> [B, t, e].</summary>
internal sealed class EfcOp : BlockOperator
{
    private readonly Linear linear; // weight [t, T]

    public EfcOp(int inputTokens, int tokens, string name = "efc") : base(name)
    {
        linear = SeededTorch.Linear(inputTokens, tokens);
        RegisterComponents();
    }

    public override IReadOnlyList<Tensor> Weights => [linear.weight!, linear.bias!];

    public override Tensor[] Slice(BlockSlice s)
        => [Rows(linear.weight!, s.Tokens).index_select(1, s.SparseSlots), Rows(linear.bias!, s.Tokens)];

    public override Tensor Apply(OperatorInputs x, IReadOnlyList<Tensor> w) => TokenLinear(x.Sparse, w[0], w[1]);

    public override string ExportOnnx(IOnnxGraphBuilder graph, OnnxOperatorInputs x)
    {
        using var scope = graph.BeginScope(GetName());
        return OnnxTokenLinear(graph, x.Sparse, linear.weight!, linear.bias!, "linear");
    }
}

/// <summary>Sparse op zeros: t zero tokens [B, t, e] (no weights).</summary>
internal sealed class ZerosOp : BlockOperator
{
    private readonly int _tokens;
    private readonly int _dim;

    public ZerosOp(int tokens, int embeddingDim, string name = "zeros") : base(name)
    {
        _tokens = tokens;
        _dim = embeddingDim;
    }

    public override IReadOnlyList<Tensor> Weights => [];

    public override Tensor[] Slice(BlockSlice s) => [];

    public override Tensor Apply(OperatorInputs x, IReadOnlyList<Tensor> w)
        => zeros(x.Sparse.shape[0], _tokens, _dim, dtype: x.Sparse.dtype, device: x.Sparse.device);

    public override string ExportOnnx(IOnnxGraphBuilder graph, OnnxOperatorInputs x)
    {
        using var scope = graph.BeginScope(GetName());
        // [N, t, e] of zeros with the batch size read from the input; ConstantOfShape's default value is float 0.
        var batch = graph.AddNode("Slice", [graph.AddNode("Shape", [x.Sparse]), graph.AddInt64Constant("start", [0]), graph.AddInt64Constant("end", [1])]);
        var shape = graph.AddNode("Concat", [batch, graph.AddInt64Constant("token_shape", [_tokens, _dim])], [OnnxAttribute.Int("axis", 0)]);
        return graph.AddNode("ConstantOfShape", [shape]);
    }
}

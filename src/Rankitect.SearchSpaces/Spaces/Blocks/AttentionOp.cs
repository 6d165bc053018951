using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Rankitect.SearchSpaces.Spaces.Blocks.BlockKernels;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>
/// Sparse op attention: a post-norm transformer layer over the input tokens, y = LN(x + MHA(x)),
/// z = LN(y + W2 relu(W1 y)), then EFC (a linear over tokens) to t tokens. [B, T, e] -> [B, t, e].
/// In the supernet's gate mode absent input tokens (presence 0) are masked out of the keys with −∞ and zeroed before
/// the EFC, so a one-hot gate computes exactly the sub-network; soft presence p weighs a key by p (log p bias).
/// </summary>
internal sealed class AttentionOp : BlockOperator
{
    private readonly Linear in_proj;   // e -> 3e (queries, keys, values)
    private readonly Linear out_proj;
    private readonly LayerNorm norm1;
    private readonly Linear ffn1;
    private readonly Linear ffn2;
    private readonly LayerNorm norm2;
    private readonly Linear efc;       // weight [t, T]
    private readonly int _dim;
    private readonly int _heads;

    public AttentionOp(int inputTokens, int tokens, int embeddingDim, int heads, int ffnWidth, string name = "attention") : base(name)
    {
        if (embeddingDim % heads != 0)
            throw new ArgumentException($"The embedding dim {embeddingDim} is not divisible by {heads} heads.", nameof(heads));
        _dim = embeddingDim;
        _heads = heads;
        in_proj = SeededTorch.Linear(embeddingDim, 3 * embeddingDim);
        out_proj = SeededTorch.Linear(embeddingDim, embeddingDim);
        norm1 = nn.LayerNorm(embeddingDim, NormEpsilon);
        ffn1 = SeededTorch.Linear(embeddingDim, ffnWidth);
        ffn2 = SeededTorch.Linear(ffnWidth, embeddingDim);
        norm2 = nn.LayerNorm(embeddingDim, NormEpsilon);
        efc = SeededTorch.Linear(inputTokens, tokens);
        RegisterComponents();
    }

    public override IReadOnlyList<Tensor> Weights =>
    [
        in_proj.weight!, in_proj.bias!, out_proj.weight!, out_proj.bias!, norm1.weight!, norm1.bias!,
        ffn1.weight!, ffn1.bias!, ffn2.weight!, ffn2.bias!, norm2.weight!, norm2.bias!, efc.weight!, efc.bias!,
    ];

    public override Tensor[] Slice(BlockSlice s)
    {
        var w = Weights.ToArray();
        w[12] = Rows(efc.weight!, s.Tokens).index_select(1, s.SparseSlots);
        w[13] = Rows(efc.bias!, s.Tokens);
        return w;
    }

    public override Tensor Apply(OperatorInputs x, IReadOnlyList<Tensor> w)
    {
        using var scope = NewDisposeScope();
        var input = x.Sparse;
        long batch = input.shape[0], tokens = input.shape[1], headDim = _dim / _heads;
        var qkv = Linear(input, w[0], w[1]).view(batch, tokens, 3, _heads, headDim).permute(2, 0, 3, 1, 4); // [3, B, h, T, dh]
        // Scalars are held in locals: an implicit Scalar temporary can be finalized while the native call reads it.
        using var scale = (1.0 / Math.Sqrt(headDim)).ToScalar();
        var scores = qkv[0].matmul(qkv[1].transpose(-2, -1)).mul(scale);                                   // [B, h, T, T]
        if (x.TokenPresence is not null)
        {
            var p = x.TokenPresence;
            using var zero = 0.0.ToScalar();
            using var tiny = 1e-30.ToScalar();
            using var minusInfinity = double.NegativeInfinity.ToScalar();
            scores = scores.add(where(p.gt(zero), p.clamp_min(tiny).log(), full_like(p, minusInfinity)), One);
        }
        var attended = scores.softmax(-1).matmul(qkv[2]).permute(0, 2, 1, 3).reshape(batch, tokens, _dim);
        var y = LayerNorm(input.add(Linear(attended, w[2], w[3]), One), w[4], w[5]);
        var z = LayerNorm(y.add(Linear(nn.functional.relu(Linear(y, w[6], w[7])), w[8], w[9]), One), w[10], w[11]);
        if (x.TokenPresence is not null)
            z = z * x.TokenPresence.unsqueeze(-1);
        return TokenLinear(z, w[12], w[13]).MoveToOuterDisposeScope();
    }

    public override string ExportOnnx(IOnnxGraphBuilder graph, OnnxOperatorInputs x)
    {
        using var scope = graph.BeginScope(GetName());
        long headDim = _dim / _heads;
        var qkv = in_proj.ExportOnnx(graph, x.Sparse, "in_proj");                                                  // [N, T, 3e]
        var split = graph.AddNode("Reshape", [qkv, graph.AddInt64Constant("qkv_shape", [0, 0, 3, _heads, headDim])]);
        var heads = graph.AddNode("Transpose", [split], [OnnxAttribute.Ints("perm", 2, 0, 3, 1, 4)]);            // [3, N, h, T, dh]
        string Part(long i) => graph.AddNode("Gather", [heads, graph.AddInt64Constant($"part{i}", [i], [])], [OnnxAttribute.Int("axis", 0)]);
        string q = Part(0), k = Part(1), v = Part(2);
        var scores = graph.AddNode("Mul", [graph.AddNode("MatMul", [q, graph.AddNode("Transpose", [k], [OnnxAttribute.Ints("perm", 0, 1, 3, 2)])]),
            graph.AddFloatConstant("scale", [(float)(1.0 / Math.Sqrt(headDim))])]);
        var attended = graph.AddNode("MatMul", [graph.AddNode("Softmax", [scores], [OnnxAttribute.Int("axis", -1)]), v]); // [N, h, T, dh]
        var merged = graph.AddNode("Reshape", [graph.AddNode("Transpose", [attended], [OnnxAttribute.Ints("perm", 0, 2, 1, 3)]),
            graph.AddInt64Constant("merged_shape", [0, 0, _dim])]);
        var y = OnnxLayerNorm(graph, graph.AddNode("Add", [x.Sparse, out_proj.ExportOnnx(graph, merged, "out_proj")]), norm1.weight!, norm1.bias!, "norm1");
        var ffn = ffn2.ExportOnnx(graph, graph.AddNode("Relu", [ffn1.ExportOnnx(graph, y, "ffn1")]), "ffn2");
        var z = OnnxLayerNorm(graph, graph.AddNode("Add", [y, ffn]), norm2.weight!, norm2.bias!, "norm2");
        return OnnxTokenLinear(graph, z, efc.weight!, efc.bias!, "efc");
    }
}

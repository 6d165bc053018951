namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>The dense operators a block of <see cref="BlockSpace"/> can apply (its <c>b{i}.dense_op</c> choice).
/// Every op writes a dense output [B, width] of the block's searched width.</summary>
public enum DenseOp
{
    /// <summary>Linear over the concatenated dense inputs, then LayerNorm and ReLU.</summary>
    Fc,

    /// <summary>The dense input projected to one token of size e, a few tokens taken from the sparse input by a
    /// linear over tokens, the dot products of all pairs of these tokens, a linear to the width.</summary>
    DotProduct,

    /// <summary>linear(right ⊙ sigmoid(left)) with left and right operands (single earlier dense outputs) each
    /// projected to the width first.</summary>
    Gating,

    /// <summary>linear(left + right) with both operands projected to the width first.</summary>
    Sum,

    /// <summary>One full-rank DCN-v2 cross layer x0 ⊙ (W x0 + b) + x0 over the dense input, then a linear to the width.</summary>
    Cross,

    /// <summary>The factorization machine's pairwise term over the sparse input tokens, 0.5((Σv)² − Σv²), through a
    /// linear to the width, plus the dense input through a linear.</summary>
    Fm,
}

/// <summary>The sparse operators a block of <see cref="BlockSpace"/> can apply (its <c>b{i}.sparse_op</c> choice).
/// Every op writes a sparse output [B, tokens, e] of the block's searched token count.</summary>
public enum SparseOp
{
    /// <summary>Embedded FC: a linear along the token axis to the chosen number of tokens.</summary>
    Efc,

    /// <summary>A transformer layer over the input tokens (multi-head self-attention, add &amp; LayerNorm, ReLU FFN,
    /// add &amp; LayerNorm), then EFC to the chosen number of tokens.</summary>
    Attention,

    /// <summary>Zeros of the chosen token count (NASRec's skip of the sparse branch: later blocks see zero tokens).</summary>
    Zeros,
}

/// <summary>Facts about <see cref="DenseOp"/> the space and the networks share.</summary>
public static class DenseOpExtensions
{
    /// <summary>Whether the op reads the block's left/right operands (<c>b{i}.left</c>, <c>b{i}.right</c>) rather
    /// than only the concatenated inputs.</summary>
    public static bool IsBinary(this DenseOp op) => op is DenseOp.Gating or DenseOp.Sum;
}

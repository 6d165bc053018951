namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>Creates a block's operators at given sizes: the fixed network at the architecture's sizes, the supernet at
/// the space's largest (so the two hold weights of the same layout, the fixed one a slice of the other).</summary>
internal static class BlockOperators
{
    /// <summary>The dense op <paramref name="op"/> reading a dense input of <paramref name="denseInput"/> columns,
    /// <paramref name="sparseTokens"/> sparse tokens and left/right operands of the given widths, writing <paramref name="width"/>.</summary>
    public static BlockOperator Dense(BlockSpace space, DenseOp op, int denseInput, int sparseTokens, int leftInput, int rightInput, int width) => op switch
    {
        DenseOp.Fc => new FcOp(denseInput, width),
        DenseOp.DotProduct => new DotProductOp(denseInput, sparseTokens, space.EmbeddingDim, space.Options.DotTokens, width),
        DenseOp.Gating or DenseOp.Sum => new BinaryDenseOp(op, leftInput, rightInput, width),
        DenseOp.Cross => new CrossOp(denseInput, width),
        DenseOp.Fm => new FmDenseOp(denseInput, space.EmbeddingDim, width),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown dense op."),
    };

    /// <summary>The sparse op <paramref name="op"/> reading <paramref name="inputTokens"/> tokens, writing <paramref name="tokens"/>.</summary>
    public static BlockOperator Sparse(BlockSpace space, SparseOp op, int inputTokens, int tokens) => op switch
    {
        SparseOp.Efc => new EfcOp(inputTokens, tokens),
        SparseOp.Attention => new AttentionOp(inputTokens, tokens, space.EmbeddingDim, space.Options.AttentionHeads, space.Options.AttentionFfnWidth),
        SparseOp.Zeros => new ZerosOp(tokens, space.EmbeddingDim),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown sparse op."),
    };
}

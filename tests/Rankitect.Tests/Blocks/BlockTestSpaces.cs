using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Blocks;

namespace Rankitect.Tests.Blocks;

/// <summary>Tiny block spaces and architectures the block tests share (a few units wide, so every test is fast).</summary>
internal static class BlockTestSpaces
{
    public static readonly int[] Cardinalities = { 5, 7, 4 };

    public static CtrFeatureShape Shape(int dense = 3) => new(dense, Cardinalities);

    /// <summary>Every op of the full space at tiny sizes.</summary>
    public static BlockSpaceOptions TinyFull(int blocks = 3) => BlockSpaceOptions.Full with
    {
        Blocks = blocks, EmbeddingDim = 4, DenseWidths = new[] { 4, 6 }, SparseTokens = new[] { 2, 3 }, StemWidth = 5,
        DotTokens = 2, AttentionHeads = 2, AttentionFfnWidth = 6, InteractionTokens = 2,
    };

    public static BlockGene Gene(DenseOp dense, SparseOp sparse, int width, int tokens, string[] denseIn, string[] sparseIn,
        bool d2s = false, bool s2d = false, string? left = null, string? right = null)
        => new()
        {
            DenseOp = dense, SparseOp = sparse, Width = width, Tokens = tokens, DenseToSparse = d2s, SparseToDense = s2d,
            DenseInputs = denseIn, SparseInputs = sparseIn, Left = left ?? denseIn[^1], Right = right ?? denseIn[^1],
        };

    /// <summary>An architecture of <see cref="TinyFull"/> with <paramref name="blocks"/> ≥ 6 blocks using every dense
    /// op, every sparse op, both interaction modules, optional inputs and non-predecessor operands.</summary>
    public static int[] AllOperators(BlockSpace space)
    {
        var dense = new[] { DenseOp.Fc, DenseOp.DotProduct, DenseOp.Gating, DenseOp.Sum, DenseOp.Cross, DenseOp.Fm };
        var sparse = new[] { SparseOp.Attention, SparseOp.Efc, SparseOp.Zeros };
        var genes = new List<BlockGene>();
        for (int i = 0; i < space.BlockCount; i++)
        {
            var sources = space.Sources(i).Select(BlockSpace.SourceName).ToArray();
            var sparseIn = i % 2 == 0 ? sources : new[] { sources[^1] };
            genes.Add(Gene(dense[i % dense.Length], sparse[i % sparse.Length], i % 2 == 0 ? 6 : 4, i % 2 == 0 ? 3 : 2,
                sources, sparseIn, d2s: i % 2 == 1, s2d: i % 3 != 1, left: sources[0], right: sources[^1]));
        }
        return space.Encode(new BlockArchitecture { Space = space.Name, Blocks = genes });
    }
}

namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>
/// The supernet's input layout and how one architecture sits in it. A block's dense input carrier is the
/// concatenation of every allowed source's dense output at its largest width, each in its own fixed slice; its
/// sparse input carrier likewise concatenates every allowed source's token slots (a block's slots: its largest token
/// count, then the dense→sparse tokens). An architecture uses a prefix of each chosen source's slice.
/// </summary>
internal static class BlockSlicing
{
    /// <summary>Width of block <paramref name="block"/>'s dense input carrier (all allowed sources at their largest).</summary>
    public static int DenseCarrier(BlockSpace space, int block) => space.Sources(block).Sum(space.MaxSourceWidth);

    /// <summary>Token slots of block <paramref name="block"/>'s sparse input carrier.</summary>
    public static int SparseCarrier(BlockSpace space, int block) => space.Sources(block).Sum(space.MaxSourceTokens);

    /// <summary>Width of the output layer's input carrier: the last dense output and the last sparse output's slots, flattened.</summary>
    public static int OutputCarrier(BlockSpace space)
        => space.DenseWidths[^1] + space.MaxSourceTokens(space.BlockCount) * space.EmbeddingDim;

    /// <summary>The slots of a source's carrier its tokens fill in <paramref name="blocks"/>, in order.</summary>
    public static IEnumerable<int> TokenSlots(BlockSpace space, ResolvedBlock[] blocks, int source)
    {
        if (source == 0)
            return Enumerable.Range(0, space.Shape.FieldCount);
        var b = blocks[source - 1];
        var slots = Enumerable.Range(0, b.Tokens);
        return b.DenseToSparse ? slots.Concat(Enumerable.Range(space.SparseTokens[^1], space.InteractionTokens)) : slots;
    }

    /// <summary>The slices of every block of <paramref name="blocks"/>.</summary>
    public static BlockSlice[] Slices(BlockSpace space, ResolvedBlock[] blocks)
    {
        var slices = new BlockSlice[blocks.Length];
        for (int i = 0; i < blocks.Length; i++)
        {
            var b = blocks[i];
            var denseOffset = new Dictionary<int, int>();
            var sparseOffset = new Dictionary<int, int>();
            int d = 0, t = 0;
            foreach (var s in space.Sources(i))
            {
                denseOffset[s] = d;
                sparseOffset[s] = t;
                d += space.MaxSourceWidth(s);
                t += space.MaxSourceTokens(s);
            }
            long[] Columns(int s) => Enumerable.Range(denseOffset[s], space.SourceWidth(blocks, s)).Select(c => (long)c).ToArray();
            slices[i] = new BlockSlice(
                b.DenseSources.SelectMany(Columns).ToArray(),
                b.SparseSources.SelectMany(s => TokenSlots(space, blocks, s).Select(slot => (long)(sparseOffset[s] + slot))).ToArray(),
                Columns(b.Left), Columns(b.Right), b.Width, b.Tokens);
        }
        return slices;
    }

    /// <summary>The columns of the output layer's input carrier that <paramref name="blocks"/> uses, in the fixed
    /// network's order: the last dense output, then each present token of the last sparse output.</summary>
    public static long[] OutputColumns(BlockSpace space, ResolvedBlock[] blocks)
    {
        int maxWidth = space.DenseWidths[^1], e = space.EmbeddingDim;
        return Enumerable.Range(0, blocks[^1].Width)
            .Concat(TokenSlots(space, blocks, blocks.Length).SelectMany(slot => Enumerable.Range(maxWidth + slot * e, e)))
            .Select(c => (long)c).ToArray();
    }
}

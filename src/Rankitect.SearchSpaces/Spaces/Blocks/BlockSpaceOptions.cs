namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>
/// The declaration of a <see cref="BlockSpace"/> as data (NNI LayerChoice/InputChoice in records): how many blocks,
/// which operators and sizes each block chooses from, and which earlier outputs it may read. Declare a space in a few
/// lines, e.g. <c>new BlockSpaceOptions { Blocks = 3, DenseOps = [DenseOp.Fc, DenseOp.Gating], DenseWidths = [32, 64] }</c>;
/// every strategy runs on it unchanged. <see cref="Small"/> and <see cref="Full"/> are NASRec's two spaces with
/// CPU-sized widths; <see cref="PaperDenseWidths"/> / <see cref="PaperSparseTokens"/> give the paper's sizes.
/// </summary>
public sealed record BlockSpaceOptions
{
    /// <summary>NASRec's dense widths {16, 32, 64, 128, 256, 512, 768, 1024}.</summary>
    public static IReadOnlyList<int> PaperDenseWidths { get; } = new[] { 16, 32, 64, 128, 256, 512, 768, 1024 };

    /// <summary>NASRec's sparse token counts {16, 32, 48, 64}.</summary>
    public static IReadOnlyList<int> PaperSparseTokens { get; } = new[] { 16, 32, 48, 64 };

    /// <summary>Short name of the space (<see cref="BlockSpace.Name"/>, written into the architecture JSON).
    /// Default: <c>block</c>.</summary>
    public string Name { get; init; } = "block";

    /// <summary>Number of choice blocks N. Default: 7 (NASRec).</summary>
    public int Blocks { get; init; } = 7;

    /// <summary>Embedding dim e: the size of every sparse token. Default: 16 (NASRec).</summary>
    public int EmbeddingDim { get; init; } = 16;

    /// <summary>Dense operator candidates of every block. Default: all six (<see cref="Full"/>'s set).</summary>
    public IReadOnlyList<DenseOp> DenseOps { get; init; } =
        new[] { DenseOp.Fc, DenseOp.DotProduct, DenseOp.Gating, DenseOp.Sum, DenseOp.Cross, DenseOp.Fm };

    /// <summary>Sparse operator candidates of every block. Default: all three (<see cref="Full"/>'s set).</summary>
    public IReadOnlyList<SparseOp> SparseOps { get; init; } = new[] { SparseOp.Efc, SparseOp.Attention, SparseOp.Zeros };

    /// <summary>Candidate dense output widths of every block. Default: {16, 32, 64, 128, 256}, the lower five of
    /// NASRec's eight (<see cref="PaperDenseWidths"/>), so a supernet trains on a 2-core CPU.</summary>
    public IReadOnlyList<int> DenseWidths { get; init; } = new[] { 16, 32, 64, 128, 256 };

    /// <summary>Candidate sparse token counts of every block. Default: {8, 16, 32}, smaller than NASRec's
    /// {16, 32, 48, 64} (<see cref="PaperSparseTokens"/>) for CPU speed.</summary>
    public IReadOnlyList<int> SparseTokens { get; init; } = new[] { 8, 16, 32 };

    /// <summary>Whether each block searches the dense→sparse and sparse→dense interaction modules (two on/off
    /// choices); false leaves them out of every block. Default: true.</summary>
    public bool SearchInteractions { get; init; } = true;

    /// <summary>How many of the most recent earlier outputs a block may read (the stem counts as the output before
    /// block 0); null = the stem and all earlier blocks (NASRec's dense connectivity). Default: null.</summary>
    public int? MaxLookBack { get; init; }

    /// <summary>Width of the dense stem (the dense features' projection); null = the largest of
    /// <see cref="DenseWidths"/>. Default: null.</summary>
    public int? StemWidth { get; init; }

    /// <summary>Tokens the dot-product op takes from its sparse input (by a linear over tokens); with the projected
    /// dense input they make k + 1 vectors and k(k + 1)/2 dot products. Default: 8.</summary>
    public int DotTokens { get; init; } = 8;

    /// <summary>Heads of the attention op; must divide <see cref="EmbeddingDim"/>. Default: 2.</summary>
    public int AttentionHeads { get; init; } = 2;

    /// <summary>Hidden width of the attention op's FFN. Default: 32 (2 e at e = 16).</summary>
    public int AttentionFfnWidth { get; init; } = 32;

    /// <summary>Tokens the dense→sparse module appends to a block's sparse output. Default: 8 (NASRec).</summary>
    public int InteractionTokens { get; init; } = 8;

    /// <summary>NASRec-Small: dense {FC, dot-product}, sparse {EFC}, the default sizes.</summary>
    public static BlockSpaceOptions Small { get; } = new()
    {
        Name = "block-small", DenseOps = new[] { DenseOp.Fc, DenseOp.DotProduct }, SparseOps = new[] { SparseOp.Efc },
    };

    /// <summary>NASRec-Full plus DCN-v2 cross and FM: dense {FC, dot-product, gating, sum, cross, FM}, sparse {EFC,
    /// attention, zeros}, the default sizes.</summary>
    public static BlockSpaceOptions Full { get; } = new() { Name = "block-full" };

    /// <summary>Problems with the options, each naming the option and its value (empty when valid).</summary>
    public IReadOnlyList<string> Check()
    {
        var errors = new List<string>();
        static string List<T>(IEnumerable<T>? values) => values is null ? "null" : "[" + string.Join(", ", values) + "]";
        if (string.IsNullOrWhiteSpace(Name)) errors.Add($"Name must not be empty (is '{Name}').");
        if (Blocks < 1 || Blocks > 64) errors.Add($"Blocks must be in 1..64 (is {Blocks}).");
        if (EmbeddingDim <= 0) errors.Add($"EmbeddingDim must be positive (is {EmbeddingDim}).");
        if (DenseOps is null || DenseOps.Count == 0 || DenseOps.Any(o => !Enum.IsDefined(o)))
            errors.Add($"DenseOps must be known ops and not empty (is {List(DenseOps)}).");
        if (SparseOps is null || SparseOps.Count == 0 || SparseOps.Any(o => !Enum.IsDefined(o)))
            errors.Add($"SparseOps must be known ops and not empty (is {List(SparseOps)}).");
        if (DenseWidths is null || DenseWidths.Count == 0 || DenseWidths.Any(w => w <= 0))
            errors.Add($"DenseWidths must be positive and not empty (is {List(DenseWidths)}).");
        if (SparseTokens is null || SparseTokens.Count == 0 || SparseTokens.Any(t => t <= 0))
            errors.Add($"SparseTokens must be positive and not empty (is {List(SparseTokens)}).");
        if (MaxLookBack is < 1) errors.Add($"MaxLookBack must be positive or null (is {MaxLookBack}).");
        if (StemWidth is <= 0) errors.Add($"StemWidth must be positive or null (is {StemWidth}).");
        if (DotTokens <= 0) errors.Add($"DotTokens must be positive (is {DotTokens}).");
        if (AttentionHeads <= 0 || (EmbeddingDim > 0 && EmbeddingDim % AttentionHeads != 0))
            errors.Add($"AttentionHeads must be positive and divide EmbeddingDim {EmbeddingDim} (is {AttentionHeads}).");
        if (AttentionFfnWidth <= 0) errors.Add($"AttentionFfnWidth must be positive (is {AttentionFfnWidth}).");
        if (InteractionTokens <= 0) errors.Add($"InteractionTokens must be positive (is {InteractionTokens}).");
        return errors;
    }

    /// <summary>The dense stem's width: <see cref="StemWidth"/> or the largest dense width.</summary>
    public int EffectiveStemWidth => StemWidth ?? DenseWidths.Max();
}

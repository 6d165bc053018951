namespace Rankitect.SearchSpaces.Spaces.Dlrm;

/// <summary>
/// The candidate sets of <see cref="DlrmSpace"/>. The defaults are a small space sized so that a DNAS search on
/// Criteo-shaped data (13 dense, 26 fields) finishes in minutes on a 2-core CPU; <see cref="Paper"/> is the full
/// space of the DNAS-for-CTR paper (5 layers, widths 128..1024, dims 8..128).
/// </summary>
public sealed record DlrmSpaceOptions
{
    /// <summary>Layers of the bottom MLP, each of which may be skipped when <see cref="AllowSkip"/>. Default: 3.</summary>
    public int BottomLayers { get; init; } = 3;

    /// <summary>Layers of the top MLP, each of which may be skipped when <see cref="AllowSkip"/>. Default: 3.</summary>
    public int TopLayers { get; init; } = 3;

    /// <summary>Candidate widths of every MLP layer. Default: {16, 32, 64, 128, 256}.</summary>
    public IReadOnlyList<int> LayerWidths { get; init; } = new[] { 16, 32, 64, 128, 256 };

    /// <summary>Whether each MLP layer may be the identity ("skip", encoded as width 0, listed first). Default: true.</summary>
    public bool AllowSkip { get; init; } = true;

    /// <summary>Candidate embedding dims of every field. Default: {4, 8, 16, 32}.</summary>
    public IReadOnlyList<int> EmbeddingDims { get; init; } = new[] { 4, 8, 16, 32 };

    /// <summary>Candidate table sizes of every field, as fractions of its cardinality in (0, 1]. Default:
    /// {1, 0.1, 0.01, 0.001}.</summary>
    public IReadOnlyList<double> RowFractions { get; init; } = new[] { 1.0, 0.1, 0.01, 0.001 };

    /// <summary>Candidate interaction ops. Default: all four (dot, concat, FM, DCN-v2 cross).</summary>
    public IReadOnlyList<InteractionOp> Interactions { get; init; } =
        new[] { InteractionOp.Dot, InteractionOp.Concat, InteractionOp.FactorizationMachine, InteractionOp.Cross };

    /// <summary>Candidates of the first-order ("wide") term (<see cref="DlrmArchitecture.FirstOrder"/>): {false} without
    /// it, {true} with it, {false, true} to search it. Default: {false}: added to the hand-designed DLRM it changed test NE
    /// by +0.002 on average over 9 data sets and 2 seeds (better on 9 of 18 runs, worse on 9; README), so it is opt-in.</summary>
    public IReadOnlyList<bool> FirstOrder { get; init; } = new[] { false };

    /// <summary>Common width d of the interaction vectors (fixed, not searched). Default: 16.</summary>
    public int InteractionWidth { get; init; } = 16;

    /// <summary>DCN-v2 cross layers of the cross op (fixed). Default: 2.</summary>
    public int CrossLayers { get; init; } = 2;

    /// <summary>The paper's space: 5 + 5 layers of {128, 256, 512, 1024} or skip, dims {8, 16, 32, 64, 128},
    /// interaction width 64. Far too large for a CPU search in minutes.</summary>
    public static DlrmSpaceOptions Paper { get; } = new()
    {
        BottomLayers = 5, TopLayers = 5, LayerWidths = new[] { 128, 256, 512, 1024 },
        EmbeddingDims = new[] { 8, 16, 32, 64, 128 }, InteractionWidth = 64,
    };

    /// <summary>Problems with the options (empty when valid).</summary>
    public IReadOnlyList<string> Check()
    {
        var errors = new List<string>();
        if (BottomLayers < 0 || BottomLayers > 16) errors.Add("BottomLayers must be in 0..16.");
        if (TopLayers < 0 || TopLayers > 16) errors.Add("TopLayers must be in 0..16.");
        if (LayerWidths.Count == 0 || LayerWidths.Any(w => w <= 0)) errors.Add("LayerWidths must be positive and not empty.");
        if (EmbeddingDims.Count == 0 || EmbeddingDims.Any(d => d <= 0)) errors.Add("EmbeddingDims must be positive and not empty.");
        if (RowFractions.Count == 0 || RowFractions.Any(f => !(f > 0 && f <= 1))) errors.Add("RowFractions must be in (0, 1] and not empty.");
        if (Interactions.Count == 0) errors.Add("Interactions must not be empty.");
        if (FirstOrder.Count == 0) errors.Add("FirstOrder must not be empty.");
        if (InteractionWidth <= 0) errors.Add("InteractionWidth must be positive.");
        if (CrossLayers <= 0 && Interactions.Contains(InteractionOp.Cross)) errors.Add("CrossLayers must be positive when Cross is a candidate.");
        return errors;
    }
}

namespace Rankitect.Baselines;

/// <summary>Which baselines <c>CompareWithBaselines</c> trains next to Rankitect, and their settings.</summary>
public sealed class BaselineOptions
{
    /// <summary>Train LightGBM at its defaults (binary, categorical columns hashed one-hot, the tree settings below,
    /// early stopping on the validation rows after 20 rounds without improvement). Default: true.</summary>
    public bool LightGbm { get; set; } = true;

    /// <summary>Train LightGBM tuned: a random search over the featurization, leaves, learning rate, least rows per
    /// leaf, feature fraction and L2, chosen by validation NE, within the same wall-clock budget as Rankitect's search
    /// (<see cref="LightGbmTuning"/>). Default: true.</summary>
    public bool TunedLightGbm { get; set; } = true;

    /// <summary>The tuned LightGBM's search: budget, trials, ranges. Default: <see cref="LightGbmTuningOptions"/>'s
    /// defaults (the budget is the seconds Rankitect spent searching: architecture and training recipe).</summary>
    public LightGbmTuningOptions LightGbmTuning { get; set; } = new();

    /// <summary>Train FastTree (binary, missing dense values replaced by 0 with missing indicators, categorical columns
    /// hashed one-hot, the tree count chosen by NE on the validation rows; see <see cref="FastTreeBaseline"/>).
    /// Default: true.</summary>
    public bool FastTree { get; set; } = true;

    /// <summary>Train ML.NET's L-BFGS logistic regression (normalized dense features, hashed one-hot categoricals).
    /// Default: true.</summary>
    public bool LogisticRegression { get; set; } = true;

    /// <summary>Train the fixed hand-designed DLRM through Rankitect's own loop. Default: true.</summary>
    public bool FixedDlrm { get; set; } = true;

    /// <summary>Train a fixed DCN-v2 (Wang et al. 2021; <see cref="SearchSpaces.Spaces.Dlrm.DlrmSpace.DcnV2"/>: the
    /// fixed DLRM's embeddings, two full-rank cross layers, then the MLP [128, 64]) through Rankitect's own loop, with the
    /// same training options and validation rows as the fixed DLRM. Default: true.</summary>
    public bool FixedDcnV2 { get; set; } = true;

    /// <summary>Hash bits per categorical column for the ML.NET baselines (2^bits one-hot slots). Default: 12.</summary>
    public int HashBits { get; set; } = 12;

    /// <summary>Boosting rounds of the default LightGBM and of FastTree (the most: both stop earlier by validation NE).
    /// Default: 200.</summary>
    public int NumberOfTrees { get; set; } = 200;

    /// <summary>Leaves per tree of the default LightGBM and of FastTree. Default: 31.</summary>
    public int NumberOfLeaves { get; set; } = 31;

    /// <summary>Learning rate of the default LightGBM and of FastTree. Default: 0.1.</summary>
    public double LearningRate { get; set; } = 0.1;

    /// <summary>Least rows in a leaf of the default LightGBM and of FastTree. Default: 50 (CTR data is noisy).</summary>
    public int MinimumExampleCountPerLeaf { get; set; } = 50;
}

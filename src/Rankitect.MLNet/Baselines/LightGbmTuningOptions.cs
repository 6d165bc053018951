namespace Rankitect.Baselines;

/// <summary>
/// The tuned LightGBM baseline of <c>CompareWithBaselines</c>: a random search over the featurization and five
/// hyperparameters, each trial early-stopped on the validation rows and scored there by validation NE, the trial with
/// the lowest validation NE kept (the test rows are never seen). The first trial is always the default LightGBM row's
/// settings, so the tuned model is at least as good as the default one on the validation rows.
/// </summary>
public sealed class LightGbmTuningOptions
{
    /// <summary>Wall-clock budget of the whole tuning (featurization and trials); a trial starts only while time is
    /// left, and the first always runs. Null: the wall seconds Rankitect spent searching in the same comparison (its
    /// architecture search, <see cref="RankitectModelParameters.SearchSeconds"/>, plus its training-recipe search,
    /// <see cref="RankitectModelParameters.TuningSeconds"/>), so both get the same time to search. Default: null.</summary>
    public TimeSpan? TimeBudget { get; set; }

    /// <summary>The most trials, whatever time is left. Default: 200 (random search over five hyperparameters gains
    /// little past that).</summary>
    public int MaximumTrials { get; set; } = 200;

    /// <summary>The most boosting rounds of a trial (early stopping ends most trials sooner). Default: 1,000.</summary>
    public int MaximumRounds { get; set; } = 1_000;

    /// <summary>Rounds without improvement of the validation log loss after which a trial stops (LightGBM's
    /// early stopping; the model keeps its best round). Default: 20, as the default LightGBM row.</summary>
    public int EarlyStoppingRounds { get; set; } = 20;

    /// <summary>Featurizations of the categorical columns to choose from, one per trial, uniformly.
    /// <see cref="BaselineCategoricalEncoding.Count"/> is left out when a categorical column is not Text. The dense
    /// columns always enter raw (LightGBM handles missing values itself). Default: all three (hashed one-hot as the
    /// default row, one-hot over the training vocabulary with LightGBM's categorical splits, count encoding).</summary>
    public IReadOnlyList<BaselineCategoricalEncoding> Encodings { get; set; } =
        [BaselineCategoricalEncoding.HashedOneHot, BaselineCategoricalEncoding.OneHot, BaselineCategoricalEncoding.Count];

    /// <summary>Leaves per tree. Default: 4..256, log scale.</summary>
    public TuningRange NumberOfLeaves { get; set; } = new(4, 256, LogScale: true);

    /// <summary>Learning rate (shrinkage per round). Default: 0.01..0.3, log scale.</summary>
    public TuningRange LearningRate { get; set; } = new(0.01, 0.3, LogScale: true);

    /// <summary>Least training rows in a leaf. Default: 5..500, log scale.</summary>
    public TuningRange MinimumExampleCountPerLeaf { get; set; } = new(5, 500, LogScale: true);

    /// <summary>Fraction of the features each tree may use (LightGBM's feature_fraction). Default: 0.3..1.</summary>
    public TuningRange FeatureFraction { get; set; } = new(0.3, 1);

    /// <summary>L2 regularisation of the leaf values (LightGBM's lambda_l2). Default: 0.001..100, log scale.</summary>
    public TuningRange L2Regularization { get; set; } = new(0.001, 100, LogScale: true);

    /// <summary>Problems with the options, each naming the option (empty when valid).</summary>
    public IReadOnlyList<string> Check()
    {
        var errors = new List<string>();
        if (TimeBudget is { } budget && budget <= TimeSpan.Zero) errors.Add("LightGbmTuning.TimeBudget must be positive.");
        if (MaximumTrials < 1) errors.Add("LightGbmTuning.MaximumTrials must be at least 1.");
        if (MaximumRounds < 1) errors.Add("LightGbmTuning.MaximumRounds must be at least 1.");
        if (EarlyStoppingRounds < 1) errors.Add("LightGbmTuning.EarlyStoppingRounds must be at least 1.");
        if (Encodings is null || Encodings.Count == 0) errors.Add("LightGbmTuning.Encodings must not be empty.");
        errors.AddRange(NumberOfLeaves.Check("LightGbmTuning.NumberOfLeaves"));
        if (NumberOfLeaves.Minimum < 2) errors.Add("LightGbmTuning.NumberOfLeaves must start at 2 or more.");
        errors.AddRange(LearningRate.Check("LightGbmTuning.LearningRate"));
        if (LearningRate.Minimum <= 0) errors.Add("LightGbmTuning.LearningRate must be positive.");
        errors.AddRange(MinimumExampleCountPerLeaf.Check("LightGbmTuning.MinimumExampleCountPerLeaf"));
        if (MinimumExampleCountPerLeaf.Minimum < 1) errors.Add("LightGbmTuning.MinimumExampleCountPerLeaf must start at 1 or more.");
        errors.AddRange(FeatureFraction.Check("LightGbmTuning.FeatureFraction"));
        if (FeatureFraction.Minimum <= 0 || FeatureFraction.Maximum > 1) errors.Add("LightGbmTuning.FeatureFraction must lie in (0, 1].");
        errors.AddRange(L2Regularization.Check("LightGbmTuning.L2Regularization"));
        if (L2Regularization.Minimum < 0) errors.Add("LightGbmTuning.L2Regularization must not be negative.");
        return errors;
    }
}

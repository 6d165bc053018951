namespace Rankitect.Training;

/// <summary>
/// The training sub-space: which recipe settings a search may vary and over which values. A setting the user set in
/// <see cref="CtrTrainingOptions"/> is fixed and not searched; the others take the candidates here (the training
/// options' defaults stay the recipe of the search's own trials).
/// </summary>
public sealed class TrainingSearchOptions
{
    /// <summary>Full-fidelity trainings of the chosen architecture with sampled recipes, after the top-k retraining;
    /// the recipe with the best validation NE (the default recipe included) gives the final network. 0 turns the
    /// hyperparameter search off. Default: 8.</summary>
    public int Trials { get; set; } = 8;

    /// <summary>How many of the best retrained architectures (by validation fitness, the reference architecture
    /// included) share the <see cref="Trials"/>, round robin from the best: a network that loses with the default
    /// recipe can win with its own. 1 tunes the chosen architecture only; a NeTolerance pick is always tuned alone.
    /// Default: 2 (reasoned, not yet measured against 1).</summary>
    public int Architectures { get; set; } = 2;

    /// <summary>How much better, in standard errors of the paired per-row validation log-loss difference, the best tuned
    /// network must be than the network trained with the default recipe to replace it. The best of several trainings
    /// on a few thousand validation rows looks better than it is; this keeps the default unless the gain is real.
    /// 0 takes the best validation NE as it is. Default: 2.</summary>
    public double MinimumImprovement { get; set; } = 2;

    /// <summary>When 2 or more: after the search, the mean-probability ensemble of this many of its best networks (the
    /// default-recipe pick and the tuned trainings, by validation NE; each trained from its own seed and recipe) competes
    /// with the single network the search returns, and replaces it when it is <see cref="MinimumImprovement"/> standard
    /// errors better and within the FLOPs budget (an ensemble costs its members' FLOPs summed). Averaging trainings of
    /// similar networks cancels much of their seed-to-seed variance, which on small data is as large as the differences
    /// between architectures. 0 or 1: off. Default: 3 (measured on the fixed DLRM with 4 recipe trials, 9 data sets x 2
    /// seeds: kept in 9 of 18 runs, test NE lower in 8 of them by up to 0.016 and higher in 1 by 0.003; README).</summary>
    public int EnsembleSize { get; set; } = 3;

    /// <summary>Optimizers to try. Default: Adam and Adagrad.</summary>
    public IReadOnlyList<OptimizerKind> Optimizers { get; set; } = [OptimizerKind.Adam, OptimizerKind.Adagrad];

    /// <summary>Dense learning rates to try, as multiples of the optimizer's default (Adam 0.001, Adagrad 0.05; log
    /// scale). Default: 0.25, 0.5, 1, 2, 4.</summary>
    public IReadOnlyList<double> LearningRateScales { get; set; } = [0.25, 0.5, 1, 2, 4];

    /// <summary>Embedding learning rates to try, as multiples of the dense learning rate (sparse rows are updated
    /// rarely and often want larger steps). Default: 1, 3, 10.</summary>
    public IReadOnlyList<double> EmbeddingLearningRateScales { get; set; } = [1, 3, 10];

    /// <summary>Dense weight decays to try. Default: 0, 1e-5, 1e-4.</summary>
    public IReadOnlyList<double> WeightDecays { get; set; } = [0, 1e-5, 1e-4];

    /// <summary>L2 penalties on embedding rows to try. Default: 0, 1e-6, 1e-5, 1e-4.</summary>
    public IReadOnlyList<double> EmbeddingL2s { get; set; } = [0, 1e-6, 1e-5, 1e-4];

    /// <summary>Minibatch sizes to try, in rows. Default: 128, 256, 512, 1024.</summary>
    public IReadOnlyList<int> BatchSizes { get; set; } = [128, 256, 512, 1024];

    /// <summary>Dropout rates to try (after the MLPs' ReLUs), each in [0, 1). Default: 0, 0.1, 0.2.</summary>
    public IReadOnlyList<double> Dropouts { get; set; } = [0, 0.1, 0.2];

    internal void Validate()
    {
        if (Trials < 0)
            throw new ArgumentOutOfRangeException(nameof(Trials), Trials, $"TrainingSearch.Trials must be >= 0; got {Trials}.");
        if (Architectures < 1)
            throw new ArgumentOutOfRangeException(nameof(Architectures), Architectures, $"TrainingSearch.Architectures must be >= 1; got {Architectures}.");
        if (!(MinimumImprovement >= 0) || double.IsInfinity(MinimumImprovement))
            throw new ArgumentOutOfRangeException(nameof(MinimumImprovement), MinimumImprovement, "TrainingSearch.MinimumImprovement must be a finite number >= 0.");
        if (EnsembleSize < 0)
            throw new ArgumentOutOfRangeException(nameof(EnsembleSize), EnsembleSize, $"TrainingSearch.EnsembleSize must be >= 0 (0 or 1: off); got {EnsembleSize}.");
        static void NonEmpty<T>(IReadOnlyList<T>? values, string name)
        {
            if (values is null || values.Count == 0)
                throw new ArgumentException($"TrainingSearch.{name} needs at least one value.", name);
        }
        static void Positive(IReadOnlyList<double> values, string name, bool allowZero)
        {
            foreach (var v in values)
                if (!double.IsFinite(v) || v < 0 || (!allowZero && v == 0))
                    throw new ArgumentOutOfRangeException(name, v, $"TrainingSearch.{name} values must be finite and {(allowZero ? ">= 0" : "> 0")}.");
        }
        NonEmpty(Optimizers, nameof(Optimizers));
        NonEmpty(LearningRateScales, nameof(LearningRateScales));
        NonEmpty(EmbeddingLearningRateScales, nameof(EmbeddingLearningRateScales));
        NonEmpty(WeightDecays, nameof(WeightDecays));
        NonEmpty(EmbeddingL2s, nameof(EmbeddingL2s));
        NonEmpty(BatchSizes, nameof(BatchSizes));
        NonEmpty(Dropouts, nameof(Dropouts));
        foreach (var d in Dropouts)
            if (!(d >= 0 && d < 1))
                throw new ArgumentOutOfRangeException(nameof(Dropouts), d, "TrainingSearch.Dropouts values must be in [0, 1).");
        Positive(LearningRateScales, nameof(LearningRateScales), allowZero: false);
        Positive(EmbeddingLearningRateScales, nameof(EmbeddingLearningRateScales), allowZero: false);
        Positive(WeightDecays, nameof(WeightDecays), allowZero: true);
        Positive(EmbeddingL2s, nameof(EmbeddingL2s), allowZero: true);
        foreach (var b in BatchSizes)
            if (b <= 0)
                throw new ArgumentOutOfRangeException(nameof(BatchSizes), b, "TrainingSearch.BatchSizes values must be positive.");
        foreach (var o in Optimizers)
            if (!Enum.IsDefined(o))
                throw new ArgumentOutOfRangeException(nameof(Optimizers), o, "TrainingSearch.Optimizers has an unknown optimizer.");
    }
}

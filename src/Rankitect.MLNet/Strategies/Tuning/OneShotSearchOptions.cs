using Rankitect.Training;

namespace Rankitect.Strategies.Tuning;

/// <summary>Options of <see cref="OneShotSearch"/> (NASRec-style one-shot NAS). Defaults follow NASRec where it is
/// specific (Adagrad lr 0.12, batch 512, 1 supernet epoch, warm-up over ~20% of the steps — NASRec: 15k steps —,
/// last-layer fine-tuning for a few hundred steps) and are scaled down for a CPU elsewhere (population 32,
/// tournament 8, 128 candidates instead of NASRec's 128 / 64 / ~2k).</summary>
public sealed class OneShotSearchOptions
{
    /// <summary>Training of the supernet with <see cref="CtrTrainer"/> (its seed and threads are replaced: the seed
    /// derives from <see cref="Seed"/>, the threads are <see cref="TrialRunnerOptions.EffectiveThreads"/> of
    /// <see cref="Runner"/>). Validation checkpoints score the full supernet (uniform gates). Default: Adam, learning
    /// rate 0.001, batch 512, 1 epoch, 1 validation per epoch. (NASRec trains with Adagrad at 0.12; on the block
    /// supernet with this trainer that diverged within the first epoch, so Adam at the trainer's default rate.)</summary>
    public CtrTrainingOptions SupernetTraining { get; set; } = new()
    {
        Optimizer = OptimizerKind.Adam, LearningRate = 0.001, BatchSize = 512, MaxEpochs = 1, EvaluationsPerEpoch = 1,
    };

    /// <summary>Share of the supernet's steps over which the chance of training the full supernet instead of one
    /// sampled path decays linearly from 1 to 0, in [0, 1]. Default: 0.2.</summary>
    public double WarmupFraction { get; set; } = 0.2;

    /// <summary>Population and tournament of the evolution over sub-networks. Default: population 32, tournament 8.</summary>
    public RegularizedEvolutionOptions Evolution { get; set; } = new() { PopulationSize = 32, TournamentSize = 8 };

    /// <summary>Sub-networks the evolution scores with inherited weights. Default: 128.</summary>
    public int Candidates { get; set; } = 128;

    /// <summary>Steps of output-layer fine-tuning before a sub-network is scored (its output layer is restored after).
    /// Default: 200.</summary>
    public int FineTuneSteps { get; set; } = 200;

    /// <summary>Adam learning rate of the output-layer fine-tuning. Default: 0.001.</summary>
    public double FineTuneLearningRate { get; set; } = 0.001;

    /// <summary>Share of the validation rows (a fixed label-stratified subsample) that scores each sub-network, in (0, 1].
    /// Default: 1 (all).</summary>
    public double ScoringRowFraction { get; set; } = 1.0;

    /// <summary>Random architectures (within the FLOPs budget) on which supernet scores are compared with stand-alone
    /// low-fidelity training (Kendall tau in <see cref="OneShotSearchResult.Ranking"/>); 0 skips the measurement,
    /// otherwise at least 2. Default: 10.</summary>
    public int RankingSampleSize { get; set; } = 10;

    /// <summary>Fitness (NE plus optional cost term) and FLOPs budget. Default: NE alone, no budget.</summary>
    public SearchObjective Objective { get; set; } = new();

    /// <summary>Stand-alone training: the low-fidelity trials of the ranking measurement and the full-fidelity
    /// retraining of the top-k; its thread count also trains the supernet. Default: <c>new TrialRunnerOptions()</c>.</summary>
    public TrialRunnerOptions Runner { get; set; } = new();

    /// <summary>How many of the best distinct sub-networks (by inherited fitness, within the FLOPs budget) are retrained
    /// from scratch; the best retrained one is returned. At least 1. Default: 3.</summary>
    public int TopK { get; set; } = 3;

    /// <summary>Wall-clock limit of the search (supernet training and evolution; not the ranking measurement or the
    /// top-k retraining): the supernet trains for at most half of it (the weights reached when it runs out are used),
    /// the evolution gets what is left. Default: null (no limit).</summary>
    public TimeSpan? TimeBudget { get; set; }

    /// <summary>Seed of the supernet's weights, path sampling, evolution, ranking sample and trials. Default: 0.</summary>
    public int Seed { get; set; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        new CtrTrainer(OptionChecks.Required(SupernetTraining, nameof(SupernetTraining)));
        OptionChecks.Fraction(WarmupFraction, nameof(WarmupFraction), allowZero: true);
        OptionChecks.Required(Evolution, nameof(Evolution)).Validate();
        OptionChecks.Positive(Candidates, nameof(Candidates));
        OptionChecks.Positive(FineTuneSteps, nameof(FineTuneSteps));
        OptionChecks.PositiveNumber(FineTuneLearningRate, nameof(FineTuneLearningRate));
        OptionChecks.Fraction(ScoringRowFraction, nameof(ScoringRowFraction));
        OptionChecks.NonNegative(RankingSampleSize, nameof(RankingSampleSize));
        if (RankingSampleSize == 1)
            throw new ArgumentOutOfRangeException(nameof(RankingSampleSize), RankingSampleSize, $"{nameof(RankingSampleSize)} must be 0 or at least 2; got 1.");
        OptionChecks.Required(Objective, nameof(Objective)).Validate();
        OptionChecks.Required(Runner, nameof(Runner)).Validate();
        OptionChecks.Positive(TopK, nameof(TopK));
        MultiTrialSearchOptions.CheckTimeBudget(TimeBudget, nameof(TimeBudget));
    }
}

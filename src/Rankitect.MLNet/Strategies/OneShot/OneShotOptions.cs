using Rankitect.Experiment;
using Rankitect.Strategies.Tuning;
using Rankitect.Training;

namespace Rankitect.Strategies.OneShot;

/// <summary>Options of <see cref="OneShotStrategy"/> (NASRec-style one-shot NAS): its own knobs only (the objective, the
/// seed, the threads, the low fidelity of the ranking sample, the budgets and the top-k retraining come from the experiment). Defaults follow NASRec where it is
/// specific (Adagrad lr 0.12, batch 512, 1 supernet epoch, warm-up over ~20% of the steps — NASRec: 15k steps —,
/// last-layer fine-tuning for a few hundred steps) and are scaled down for a CPU elsewhere (population 32,
/// tournament 8, 128 candidates instead of NASRec's 128 / 64 / ~2k).</summary>
public sealed class OneShotOptions
{
    /// <summary>Training of the supernet with <see cref="CtrTrainer"/> (its seed and threads are replaced: the seed
    /// derives from the experiment's seed, the threads are the experiment's). Validation checkpoints score the full supernet (uniform gates). Default: Adam, learning
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
    /// low-fidelity training (Kendall tau in <see cref="SearchOutcome.SupernetKendallTau"/>); 0 skips the measurement,
    /// otherwise at least 2. Default: 10.</summary>
    public int RankingSampleSize { get; set; } = 10;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        new CtrTrainer(OptionChecks.Required(SupernetTraining, nameof(SupernetTraining)));
        RankitectExperiment.CheckSeedAndThreadsUnset(SupernetTraining, $"{nameof(OneShotOptions)}.{nameof(SupernetTraining)}");
        OptionChecks.Fraction(WarmupFraction, nameof(WarmupFraction), allowZero: true);
        OptionChecks.Required(Evolution, nameof(Evolution)).Validate();
        OptionChecks.Positive(Candidates, nameof(Candidates));
        OptionChecks.Positive(FineTuneSteps, nameof(FineTuneSteps));
        OptionChecks.PositiveNumber(FineTuneLearningRate, nameof(FineTuneLearningRate));
        OptionChecks.Fraction(ScoringRowFraction, nameof(ScoringRowFraction));
        OptionChecks.NonNegative(RankingSampleSize, nameof(RankingSampleSize));
        if (RankingSampleSize == 1)
            throw new ArgumentOutOfRangeException(nameof(RankingSampleSize), RankingSampleSize, $"{nameof(RankingSampleSize)} must be 0 or at least 2; got 1.");
    }
}

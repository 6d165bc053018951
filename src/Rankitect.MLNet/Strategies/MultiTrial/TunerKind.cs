using Rankitect.Experiment;

namespace Rankitect.Strategies.MultiTrial;

/// <summary>The built-in tuners of <see cref="MultiTrialStrategy"/>.</summary>
public enum TunerKind
{
    /// <summary><see cref="Tuning.RandomSearchTuner"/>.</summary>
    RandomSearch,

    /// <summary><see cref="Tuning.RegularizedEvolutionTuner"/>.</summary>
    RegularizedEvolution,

    /// <summary><see cref="Tuning.TpeTuner"/>: a model-based tuner (Tree-structured Parzen Estimator).</summary>
    Tpe,
}

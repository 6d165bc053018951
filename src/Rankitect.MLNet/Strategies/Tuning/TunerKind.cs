using Rankitect.Experiment;

namespace Rankitect.Strategies.Tuning;

/// <summary>The built-in tuners of <see cref="MultiTrial.MultiTrialStrategy"/>.</summary>
public enum TunerKind
{
    /// <summary><see cref="RandomSearchTuner"/>.</summary>
    RandomSearch,

    /// <summary><see cref="RegularizedEvolutionTuner"/>.</summary>
    RegularizedEvolution,
}

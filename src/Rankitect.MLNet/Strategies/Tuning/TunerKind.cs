namespace Rankitect.Strategies.Tuning;

/// <summary>The built-in tuners of <see cref="MultiTrialSearch"/>.</summary>
public enum TunerKind
{
    /// <summary><see cref="RandomSearchTuner"/>.</summary>
    RandomSearch,

    /// <summary><see cref="RegularizedEvolutionTuner"/>.</summary>
    RegularizedEvolution,
}

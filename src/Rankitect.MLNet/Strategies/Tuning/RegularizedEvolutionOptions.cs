using Rankitect.Experiment;

namespace Rankitect.Strategies.Tuning;

/// <summary>Options of <see cref="RegularizedEvolutionTuner"/> (Real et al., "Regularized Evolution for Image
/// Classifier Architecture Search"; NASRec uses population 128, tournament 64). Defaults suit tens of trials on a CPU.</summary>
public sealed class RegularizedEvolutionOptions
{
    /// <summary>Population size P: the first P proposals are random; afterwards the population holds the P most recently
    /// completed trials (aging: the oldest leaves when a new one joins). Default: 10.</summary>
    public int PopulationSize { get; set; } = 10;

    /// <summary>Tournament size S (at most <see cref="PopulationSize"/>): the parent of a child is the fittest of S
    /// population members drawn without replacement. Default: 3.</summary>
    public int TournamentSize { get; set; } = 3;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        OptionChecks.Positive(PopulationSize, nameof(PopulationSize));
        OptionChecks.Positive(TournamentSize, nameof(TournamentSize));
        if (TournamentSize > PopulationSize)
            throw new ArgumentOutOfRangeException(nameof(TournamentSize), TournamentSize,
                $"{nameof(TournamentSize)} must be at most {nameof(PopulationSize)} ({PopulationSize}); got {TournamentSize}.");
    }
}

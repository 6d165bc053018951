using Rankitect.SearchSpaces.Modules;
using Rankitect.Training;

namespace Rankitect.Strategies.Tuning;

/// <summary>The outcome of <see cref="OneShotSearch"/>: the search result plus what is known about the supernet.
/// Owns <see cref="ArchitectureSearchResult.Model"/>.</summary>
/// <param name="Strategy">"one-shot".</param>
/// <param name="Best">The best retrained architecture's full-fidelity result.</param>
/// <param name="Model">Its network, trained from scratch.</param>
/// <param name="Architecture">Readable description of the architecture.</param>
/// <param name="ArchitectureJson">The architecture as JSON.</param>
/// <param name="Trials">Every evaluated architecture: inherited-weight scores, the ranking sample's low-fidelity
/// trainings, and the full-fidelity retrainings, in evaluation order.</param>
/// <param name="Cancelled">True when cancelled during the retraining and this is the best retrained network then.</param>
/// <param name="SearchSeconds">Wall seconds of supernet training, evolution and ranking measurement.</param>
/// <param name="RetrainingSeconds">Wall seconds of the retraining.</param>
/// <param name="SupernetTraining">The supernet's training run (validation of the full supernet, uniform gates); null when
/// the search's time budget cut it short before its first validation checkpoint.</param>
/// <param name="SupernetFullSteps">Supernet steps that trained the full supernet (the warm-up).</param>
/// <param name="SupernetPathSteps">Supernet steps that trained a single sampled path.</param>
/// <param name="Ranking">Ranking quality of the supernet scores; null when not measured.</param>
public sealed record OneShotSearchResult(
    string Strategy,
    TrialResult Best,
    CtrModule Model,
    string Architecture,
    string ArchitectureJson,
    IReadOnlyList<TrialResult> Trials,
    bool Cancelled,
    double SearchSeconds,
    double RetrainingSeconds,
    TrainingResult? SupernetTraining,
    long SupernetFullSteps,
    long SupernetPathSteps,
    SupernetRanking? Ranking)
    : ArchitectureSearchResult(Strategy, Best, Model, Architecture, ArchitectureJson, Trials, Cancelled, SearchSeconds, RetrainingSeconds);

namespace Rankitect.Experiment;

/// <summary>
/// A NAS strategy as a plug-in of <see cref="RankitectExperiment"/> (what ML.NET AutoML calls a tuner-driven sweep,
/// generalized to strategies that are not sampling loops, like DNAS and one-shot search). A strategy sees one
/// <see cref="SearchContext"/>: the space, the data, the objective, the seed, the threads, the trial runner, the
/// recorder and the cancellation. It explores and returns a ranked list of candidate architectures; it does not train
/// the final network: the experiment's post-search stage retrains the top candidates at full fidelity, applies the
/// pick and owns the fallback after a cancellation or when the time budget runs out.
/// </summary>
public interface ISearchStrategy
{
    /// <summary>Short name recorded with every trial, e.g. <c>dnas</c> or <c>regularized-evolution</c>.</summary>
    string Name { get; }

    /// <summary>Weight c of the cost term c·ln(FLOPs) used when the objective does not set one
    /// (<c>RankitectOptions.CostWeight</c> null). Default: 0 (NE alone).</summary>
    double DefaultCostWeight => 0;

    /// <summary>Searches <see cref="SearchContext.Space"/>. Every evaluation goes through the context
    /// (<see cref="SearchContext.RunTrialsAsync(IReadOnlyList{Trial}, CancellationToken)"/> or <see cref="SearchContext.Record"/>), so monitors and the trial table
    /// see it. When <see cref="SearchContext.CancellationToken"/> fires (cancellation or a time budget), return promptly with
    /// what was found so far; an empty candidate list means nothing usable was found.</summary>
    Task<SearchOutcome> SearchAsync(SearchContext context);
}

namespace Rankitect.Experiment;

/// <summary>An architecture a strategy proposes for the final network.</summary>
/// <param name="Indices">One candidate index per choice of the space.</param>
/// <param name="TrialId">The trial that evaluated it during the search, when one did (e.g. a low-fidelity or
/// inherited-weight score); null for an architecture derived without a trial (DNAS's argmax, a fixed design).</param>
public sealed record SearchCandidate(IReadOnlyList<int> Indices, int? TrialId = null);

/// <summary>What a strategy hands back to the experiment: its candidates, best first, and what it learned on the way.</summary>
/// <param name="Candidates">Distinct architectures ranked best first; the post-search stage retrains the first
/// <c>RankitectOptions.TopK</c> at full fidelity. Empty when the search found nothing usable (e.g. cancelled
/// before its first evaluation).</param>
public sealed record SearchOutcome(IReadOnlyList<SearchCandidate> Candidates)
{
    /// <summary>The recorded steps of a gradient-based search (losses, temperature, probabilities per choice). Default: empty.</summary>
    public IReadOnlyList<SearchStep> History { get; init; } = [];

    /// <summary>One-shot search: Kendall tau-b between supernet (inherited-weight) scores and stand-alone training over a
    /// sample of architectures. Default: null (not measured).</summary>
    public double? SupernetKendallTau { get; init; }
}

namespace Rankitect.Experiment;

/// <summary>What the search tells a tuner when it asks for the next trial.</summary>
/// <param name="TrialId">The id the proposed <see cref="Trial"/> must carry.</param>
/// <param name="Fidelity">The fidelity the search evaluates at (a tuner normally echoes it).</param>
/// <param name="PendingTrials">Trials proposed but not yet reported (parallel trials run in batches).</param>
public sealed record TrialContext(int TrialId, TrialFidelity Fidelity, int PendingTrials);

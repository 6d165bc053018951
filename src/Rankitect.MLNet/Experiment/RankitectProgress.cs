namespace Rankitect.Experiment;

/// <summary>Progress of a Rankitect fit or experiment: the one channel for everything but trials (those go to the
/// experiment's <see cref="IMonitor"/>, and are counted here).</summary>
/// <param name="Phase">"featurize", "search" or "train".</param>
/// <param name="Message">What happened, for logs.</param>
/// <param name="ElapsedSeconds">Seconds since the run began.</param>
public sealed record RankitectProgress(string Phase, string Message, double ElapsedSeconds)
{
    /// <summary>Trials completed so far (every fidelity).</summary>
    public int TrialsCompleted { get; init; }

    /// <summary>Trials failed or cancelled so far.</summary>
    public int TrialsFailed { get; init; }

    /// <summary>The lowest validation NE among completed trials of the highest fidelity reached so far (full, else low,
    /// else inherited-weight scores); null before the first.</summary>
    public double? BestValidationNe { get; init; }

    /// <summary>Estimated seconds until the search ends: from its time budget, or from the share of the search the
    /// strategy reports done; null when unknown (and after the search).</summary>
    public double? EstimatedRemainingSeconds { get; init; }
}

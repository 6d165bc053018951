namespace Rankitect.Experiment;

/// <summary>
/// Watches the trials of an experiment, in the shape of ML.NET AutoML's monitor. The one channel for trials (phases and
/// messages go to <see cref="RankitectProgress"/>). Called on the experiment's threads, one call at a time, in trial
/// order for results.
/// </summary>
public interface IMonitor
{
    /// <summary>A trial is about to be evaluated.</summary>
    void ReportRunningTrial(Trial trial);

    /// <summary>A trial completed (status <see cref="TrialStatus.Completed"/>).</summary>
    void ReportCompletedTrial(TrialResult result);

    /// <summary>A completed trial has the lowest fitness so far among completed trials of its fidelity within the FLOPs
    /// budget (called after <see cref="ReportCompletedTrial"/>).</summary>
    void ReportBestTrial(TrialResult result);

    /// <summary>A trial failed or was cancelled (<see cref="TrialResult.Error"/> says why when it failed).</summary>
    void ReportFailedTrial(TrialResult result);
}

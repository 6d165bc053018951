namespace Rankitect.Experiment;

/// <summary>How a trial ended.</summary>
public enum TrialStatus
{
    /// <summary>Evaluated; its metrics are valid.</summary>
    Completed,

    /// <summary>Threw an exception (see <see cref="TrialResult.Error"/>); metrics are NaN.</summary>
    Failed,

    /// <summary>Stopped by cancellation or the time budget before it finished; its metrics (NaN when there was no
    /// validation yet) must not be compared with finished trials.</summary>
    Cancelled,
}

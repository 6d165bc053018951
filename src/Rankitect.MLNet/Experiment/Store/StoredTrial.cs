namespace Rankitect.Experiment.Store;

/// <summary>One trial as a store holds it.</summary>
/// <param name="TrialId">The trial's id in its study.</param>
/// <param name="State">RUNNING (started, no result: the run stopped while it trained), COMPLETE, FAIL or CANCELLED.</param>
/// <param name="Worker">Who ran it: host name and process id.</param>
/// <param name="Result">What it measured; null while RUNNING.</param>
public sealed record StoredTrial(int TrialId, string State, string Worker, TrialResult? Result)
{
    /// <summary>The state of a trial that started and has not ended.</summary>
    public const string Running = "RUNNING";

    /// <summary>The stored state of a trial that ended with <paramref name="status"/>.</summary>
    public static string StateOf(TrialStatus status) => status switch
    {
        TrialStatus.Completed => "COMPLETE",
        TrialStatus.Failed => "FAIL",
        _ => "CANCELLED",
    };
}

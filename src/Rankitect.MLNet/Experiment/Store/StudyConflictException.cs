namespace Rankitect.Experiment.Store;

/// <summary>A trial store refused to open a study: it holds trials and the run did not ask to resume, or the run
/// searches something other than what the study was started with (the message names what differs).</summary>
public sealed class StudyConflictException(string message) : InvalidOperationException(message);

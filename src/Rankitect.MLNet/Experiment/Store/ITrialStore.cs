namespace Rankitect.Experiment.Store;

/// <summary>
/// A durable record of an experiment's trials, written as they happen: every trial when it starts and its result when
/// it ends (architecture, recipe, fidelity and rung, full-precision metrics, FLOPs, seconds, status, worker, error), so
/// a crash or a kill loses only the trials that were running, and a resumed run (<see cref="RankitectExperiment.ResumeFrom"/>)
/// replays the finished ones instead of training them again.
/// </summary>
public interface ITrialStore : IDisposable
{
    /// <summary>A readable name of where the trials live (a file path, a database), for messages.</summary>
    string Location { get; }

    /// <summary>Opens the study <paramref name="study"/> names, creating it when it does not exist.</summary>
    /// <param name="study">The study: its name and the fingerprint of what it searches (data, space, options, seed).</param>
    /// <param name="resume">True to continue a study that exists. False refuses one that holds trials already, so a run
    /// never mixes its trials into another's by reusing a path.</param>
    /// <returns>The study's recorded trials (none for a new study), in trial-id order.</returns>
    /// <exception cref="StudyConflictException">The study exists and <paramref name="resume"/> is false, or it was
    /// created with another fingerprint (the message says which part differs when the store knows).</exception>
    IReadOnlyList<StoredTrial> Open(StudyDescription study, bool resume);

    /// <summary>The studies the store holds, by name (read-only: opens none).</summary>
    IReadOnlyList<string> Studies();

    /// <summary>The trials of <paramref name="study"/> in trial-id order, as they stand now (read-only; empty for an
    /// unknown study): what <c>rankitect status</c> shows while a search runs.</summary>
    IReadOnlyList<StoredTrial> Trials(string study);

    /// <summary>Records that <paramref name="trial"/> started (state RUNNING).</summary>
    void TrialStarted(Trial trial, string strategy);

    /// <summary>Records how a trial ended (state COMPLETE, FAIL or CANCELLED) with everything it measured.</summary>
    void TrialFinished(TrialResult result);
}

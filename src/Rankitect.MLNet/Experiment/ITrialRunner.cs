namespace Rankitect.Experiment;

/// <summary>What a trial runner is asked to evaluate.</summary>
/// <param name="Trial">The architecture, fidelity and id.</param>
/// <param name="Context">The search it belongs to: space, data, objective, seed, training options.</param>
/// <param name="Threads">TorchSharp threads this trial may use (the running trials share
/// <see cref="SearchContext.Threads"/>).</param>
public sealed record TrialSettings(Trial Trial, SearchContext Context, int Threads);

/// <summary>
/// Evaluates one trial, in the shape of ML.NET AutoML's trial runner (<c>RunAsync(TrialSettings, CancellationToken)</c>).
/// The default, <see cref="TrainingTrialRunner"/>, trains the architecture from scratch with the context's training
/// options at the trial's fidelity. The experiment runs up to <see cref="SearchContext.Parallelism"/> trials at once,
/// each on its own thread, and records their outcomes in trial order, so a deterministic runner gives a deterministic search.
/// </summary>
public interface ITrialRunner
{
    /// <summary>Evaluates <paramref name="settings"/>. A trial that fails or is cancelled comes back with
    /// <see cref="TrialStatus.Failed"/> or <see cref="TrialStatus.Cancelled"/> (an exception thrown here is recorded as a
    /// failed trial). A completed from-scratch training returns its network in <see cref="TrialOutcome.Model"/>; the
    /// final network can only come from such an outcome.</summary>
    Task<TrialOutcome> RunAsync(TrialSettings settings, CancellationToken cancellationToken);
}

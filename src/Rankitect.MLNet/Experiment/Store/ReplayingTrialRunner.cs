namespace Rankitect.Experiment.Store;

/// <summary>
/// The trial runner of a resumed run: a trial the store already finished, with the same architecture, fidelity, rung
/// and recipe, comes back as recorded instead of being trained again; any other trial goes to the run's own runner. A
/// deterministic search proposes the same trials again in the same order, so it continues exactly where it stopped.
/// Full-fidelity trainings are always run again: the final network must exist, and a store keeps results, not weights.
/// </summary>
internal sealed class ReplayingTrialRunner(ITrialRunner inner, IReadOnlyList<StoredTrial> stored) : ITrialRunner
{
    private readonly Dictionary<int, TrialResult> _finished = stored
        .Where(t => t.Result is { Status: not TrialStatus.Cancelled, Fidelity: not TrialFidelity.Full })
        .ToDictionary(t => t.TrialId, t => t.Result!);

    /// <inheritdoc/>
    public Task<TrialOutcome> RunAsync(TrialSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var trial = settings.Trial;
        if (_finished.TryGetValue(trial.Id, out var result) && result.Fidelity == trial.Fidelity && result.Rung == trial.Rung
            && result.Indices.SequenceEqual(trial.Indices) && Equals(result.Recipe, trial.Recipe))
            return Task.FromResult(new TrialOutcome(result with { ParentId = trial.ParentId, Strategy = settings.Context.Strategy }, null));
        return inner.RunAsync(settings, cancellationToken);
    }
}

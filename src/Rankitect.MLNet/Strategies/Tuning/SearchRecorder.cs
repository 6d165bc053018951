using Rankitect.SearchSpaces.Abstractions;

namespace Rankitect.Strategies.Tuning;

/// <summary>
/// Records every evaluated architecture in order, reports it, and keeps the trained network of the best finished
/// trial of each fidelity (lowest fitness within the FLOPs budget; the earlier trial on ties), disposing the others,
/// so a cancelled search can still hand back its best network without holding every network in memory.
/// </summary>
internal sealed class SearchRecorder(SearchObjective objective, IProgress<TrialResult>? progress) : IDisposable
{
    private readonly List<TrialResult> _trials = new();
    private readonly Dictionary<TrialFidelity, TrialOutcome> _best = new();

    /// <summary>Every recorded result, in recording order.</summary>
    public IReadOnlyList<TrialResult> Trials => _trials;

    /// <summary>Records <paramref name="outcome"/>, taking ownership of its network.</summary>
    public void Record(TrialOutcome outcome)
    {
        _trials.Add(outcome.Result);
        if (outcome.Model is not null)
        {
            var result = outcome.Result;
            bool best = result.IsCompleted && double.IsFinite(result.Fitness) && objective.Admits(result.Flops)
                && (!_best.TryGetValue(result.Fidelity, out var current) || result.Fitness < current.Result.Fitness);
            if (best)
            {
                _best.GetValueOrDefault(result.Fidelity)?.Dispose();
                _best[result.Fidelity] = outcome;
            }
            else
            {
                outcome.Dispose();
            }
        }
        progress?.Report(outcome.Result);
    }

    /// <summary>Removes and returns the kept outcome of the first fidelity in <paramref name="preference"/> that has
    /// one; the caller owns its network.</summary>
    public TrialOutcome? TakeBest(params TrialFidelity[] preference)
    {
        foreach (var fidelity in preference)
            if (_best.Remove(fidelity, out var outcome))
                return outcome;
        return null;
    }

    /// <summary>Builds the search result around the best kept network (<paramref name="preference"/> order), or throws
    /// when there is none: <see cref="OperationCanceledException"/> when cancelled, otherwise an
    /// <see cref="InvalidOperationException"/> naming the first failure.</summary>
    public TOutcome Finish<TOutcome>(IArchitectureSpace space, bool cancelled, CancellationToken cancellationToken,
        Func<TrialOutcome, TOutcome> create, params TrialFidelity[] preference)
    {
        var best = TakeBest(preference);
        if (best is null)
        {
            if (cancelled)
                throw new OperationCanceledException("The search was cancelled before any trial finished.", cancellationToken);
            var failure = _trials.FirstOrDefault(t => t.Status == TrialStatus.Failed);
            throw new InvalidOperationException(failure is not null
                ? $"No trial of the '{space.Name}' space finished; trial {failure.TrialId} failed: {failure.Error}"
                : $"No trial of the '{space.Name}' space finished with a finite fitness within the FLOPs budget (trials stopped by the time budget do not count).");
        }
        try
        {
            return create(best);
        }
        catch
        {
            best.Dispose();
            throw;
        }
    }

    /// <summary>Disposes the networks still kept.</summary>
    public void Dispose()
    {
        foreach (var outcome in _best.Values)
            outcome.Dispose();
        _best.Clear();
    }
}

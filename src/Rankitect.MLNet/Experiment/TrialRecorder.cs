namespace Rankitect.Experiment;

/// <summary>
/// The trial table of an experiment: records every evaluated architecture in order, tells the monitor and the progress
/// sink, and keeps the trained network of the best finished trial of each fidelity (lowest fitness within the FLOPs
/// budget; the earlier trial on ties), disposing the others, so a cancelled search can still hand back its best network
/// without holding every network in memory. With a trial store, every start and result is written there as it happens.
/// </summary>
internal sealed class TrialRecorder(SearchObjective objective, IMonitor? monitor, Action<TrialResult>? progress,
    Store.ITrialStore? store = null, string strategy = "") : IDisposable
{
    private readonly object _gate = new();
    private readonly List<TrialResult> _trials = new();
    private readonly Dictionary<TrialFidelity, TrialOutcome> _best = new();
    private readonly Dictionary<TrialFidelity, TrialResult> _bestResult = new();

    /// <summary>Every recorded result, in recording order.</summary>
    public IReadOnlyList<TrialResult> Trials
    {
        get { lock (_gate) return _trials.ToList(); }
    }

    /// <summary>Tells the monitor a trial starts.</summary>
    public void Running(Trial trial)
    {
        lock (_gate)
        {
            store?.TrialStarted(trial, strategy);
            monitor?.ReportRunningTrial(trial);
        }
    }

    /// <summary>Records <paramref name="outcome"/>, taking ownership of its network.</summary>
    public void Record(TrialOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        lock (_gate)
        {
            var result = outcome.Result;
            store?.TrialFinished(result); // first: what is written survives a kill
            _trials.Add(result);
            bool admitted = result.IsCompleted && double.IsFinite(result.Fitness) && objective.Admits(result.Flops);
            bool best = admitted && (!_bestResult.TryGetValue(result.Fidelity, out var current) || result.Fitness < current.Fitness);
            if (best)
                _bestResult[result.Fidelity] = result;
            if (outcome.Model is not null)
            {
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
            if (result.IsCompleted)
            {
                monitor?.ReportCompletedTrial(result);
                if (best) monitor?.ReportBestTrial(result);
            }
            else
            {
                monitor?.ReportFailedTrial(result);
            }
            progress?.Invoke(result);
        }
    }

    /// <summary>Removes and returns the kept outcome of the first fidelity in <paramref name="preference"/> that has one;
    /// the caller owns its network.</summary>
    public TrialOutcome? TakeBest(params TrialFidelity[] preference)
    {
        lock (_gate)
        {
            foreach (var fidelity in preference)
                if (_best.Remove(fidelity, out var outcome))
                    return outcome;
            return null;
        }
    }

    /// <summary>Disposes the networks still kept.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var outcome in _best.Values)
                outcome.Dispose();
            _best.Clear();
        }
    }
}

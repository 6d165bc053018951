using Rankitect.Experiment;

namespace Rankitect.Strategies.MultiTrial;

/// <summary>
/// The promotion rule of asynchronous successive halving (ASHA, Li et al. 2020): whenever a trial can start, the best
/// not-yet-promoted trial among the top 1/eta of the highest possible rung is trained again at the next rung; only when
/// no rung has one does the tuner propose a new rung-0 trial. Rung sizes are counted from completed trials, so a rung
/// promotes as its results arrive and no trial waits for a rung to fill.
/// </summary>
internal sealed class SuccessiveHalving
{
    private readonly int _rungs;
    private readonly int _rate;
    private readonly List<TrialResult>[] _completed;
    private readonly HashSet<int> _promoted = new();

    public SuccessiveHalving(int rungs, int rate)
    {
        OptionChecks.Positive(rungs, nameof(rungs));
        if (rate < 2)
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "The halving rate must be at least 2.");
        _rungs = rungs;
        _rate = rate;
        _completed = Enumerable.Range(0, rungs).Select(_ => new List<TrialResult>()).ToArray();
    }

    /// <summary>Notes a finished low-fidelity trial; only completed ones with a finite fitness can be promoted.</summary>
    public void Record(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Fidelity == TrialFidelity.Low && result.IsCompleted && double.IsFinite(result.Fitness) && result.Rung < _rungs)
            _completed[result.Rung].Add(result);
    }

    /// <summary>The next promotion as trial <paramref name="id"/>, or null when no rung has a trial to promote. The
    /// promoted trial keeps its architecture and recipe; its parent is the trial it was promoted from.</summary>
    public Trial? Promote(int id)
    {
        for (int rung = _rungs - 2; rung >= 0; rung--)
        {
            var results = _completed[rung];
            int top = results.Count / _rate;
            var best = results.OrderBy(r => r.Fitness).ThenBy(r => r.TrialId).Take(top)
                .FirstOrDefault(r => !_promoted.Contains(r.TrialId));
            if (best is null)
                continue;
            _promoted.Add(best.TrialId);
            return new Trial(id, best.Indices, TrialFidelity.Low, best.TrialId) { Recipe = best.Recipe, Rung = rung + 1 };
        }
        return null;
    }
}

namespace Rankitect.Strategies.Tuning;

/// <summary>The last stage of every search here: retrain the best few architectures from scratch at full fidelity.</summary>
internal static class TopKRetraining
{
    /// <summary>The <paramref name="topK"/> distinct architectures with the lowest fitness among the completed
    /// <paramref name="fidelity"/> results within the FLOPs budget (the earlier trial on ties).</summary>
    public static IReadOnlyList<TrialResult> Candidates(IEnumerable<TrialResult> results, TrialFidelity fidelity, int topK,
        SearchObjective objective)
    {
        var seen = new HashSet<string>();
        return results
            .Where(r => r.IsCompleted && double.IsFinite(r.Fitness) && r.Fidelity == fidelity && objective.Admits(r.Flops))
            .OrderBy(r => r.Fitness).ThenBy(r => r.TrialId)
            .Where(r => seen.Add(string.Join(",", r.Indices)))
            .Take(topK)
            .ToList();
    }

    /// <summary>Retrains <paramref name="candidates"/> with trial ids from <paramref name="firstTrialId"/> (each one's
    /// <see cref="Trial.ParentId"/> is the trial it retrains) and records the outcomes in candidate order.</summary>
    /// <returns>The next free trial id.</returns>
    public static int Run(TrialRunner runner, IReadOnlyList<TrialResult> candidates, int firstTrialId,
        Action<TrialOutcome> record, CancellationToken cancellationToken)
    {
        var trials = candidates.Select((c, i) => new Trial(firstTrialId + i, c.Indices, TrialFidelity.Full, c.TrialId)).ToList();
        foreach (var outcome in runner.Evaluate(trials, cancellationToken))
            record(outcome);
        return firstTrialId + trials.Count;
    }
}

using Rankitect.SearchSpaces.Abstractions;

namespace Rankitect.Strategies.Tuning;

/// <summary>
/// The propose → evaluate → report loop shared by the searches. Batch-synchronous: it proposes as many trials as the
/// evaluator runs at once, waits for all of them, then reports them to the tuner in proposal order. Waiting costs some
/// idle time when trials differ in length, but it makes the tuner see the same results in the same order on every
/// run, so the whole search is deterministic.
/// </summary>
internal static class TuningLoop
{
    /// <summary>Runs until <paramref name="maxTrials"/> trials, the <paramref name="timeBudget"/>, the tuner running out
    /// of proposals, or cancellation. Trials running when the budget expires or the token fires are stopped and
    /// recorded as cancelled.</summary>
    /// <returns>The next free trial id.</returns>
    public static int Run(ITuner tuner, ITrialEvaluator evaluator, IArchitectureSpace space, TrialFidelity fidelity,
        int maxTrials, TimeSpan? timeBudget, int firstTrialId, Action<TrialOutcome> record, CancellationToken cancellationToken)
    {
        using var budget = timeBudget is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        int id = firstTrialId, proposed = 0;
        bool exhausted = false;
        while (!exhausted && proposed < maxTrials && !stop.IsCancellationRequested)
        {
            int size = Math.Min(evaluator.Parallelism, maxTrials - proposed);
            var batch = new List<Trial>(size);
            while (batch.Count < size)
            {
                var trial = tuner.Propose(new TrialContext(id, fidelity, batch.Count));
                if (trial is null)
                {
                    exhausted = true;
                    break;
                }
                if (trial.Id != id)
                    throw new InvalidOperationException($"Tuner '{tuner.Name}' proposed trial id {trial.Id}; the search asked for {id}.");
                var problems = space.Check(trial.Indices);
                if (problems.Count > 0)
                    throw new InvalidOperationException($"Tuner '{tuner.Name}' proposed an architecture outside the '{space.Name}' space: {string.Join(" ", problems)}");
                batch.Add(trial);
                id++;
            }
            proposed += batch.Count;
            if (batch.Count == 0)
                break;
            foreach (var outcome in evaluator.Evaluate(batch, stop.Token))
            {
                tuner.Report(outcome.Result);
                record(outcome);
            }
        }
        return id;
    }
}

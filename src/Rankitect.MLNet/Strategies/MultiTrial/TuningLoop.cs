using Rankitect.Experiment;
using Rankitect.Strategies.Tuning;

namespace Rankitect.Strategies.MultiTrial;

/// <summary>
/// The propose → evaluate → update loop of the tuner-driven searches. Batch-synchronous: it proposes as many trials as
/// are evaluated at once, waits for all of them, then updates the tuner in proposal order. Waiting costs some idle time
/// when trials differ in length, but the tuner sees the same results in the same order on every run, so the whole
/// search is deterministic.
/// </summary>
internal static class TuningLoop
{
    /// <summary>Runs until <paramref name="maxTrials"/> trials, the tuner running out of proposals, or the context's
    /// cancellation (trials running then are stopped and recorded as cancelled).</summary>
    public static async Task RunAsync(ITuner tuner, SearchContext context, TrialFidelity fidelity, int maxTrials, int batchSize,
        Func<IReadOnlyList<Trial>, Task<IReadOnlyList<TrialResult>>> evaluate)
    {
        var space = context.Space;
        int proposed = 0;
        bool exhausted = false;
        while (!exhausted && proposed < maxTrials && !context.CancellationToken.IsCancellationRequested)
        {
            int size = Math.Min(batchSize, maxTrials - proposed);
            var batch = new List<Trial>(size);
            while (batch.Count < size)
            {
                int id = context.NewTrialId();
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
            }
            proposed += batch.Count;
            if (batch.Count == 0)
                break;
            foreach (var result in await evaluate(batch).ConfigureAwait(false))
                tuner.Update(result);
            context.Report($"{proposed} of {maxTrials} trials", (double)proposed / maxTrials);
        }
    }
}

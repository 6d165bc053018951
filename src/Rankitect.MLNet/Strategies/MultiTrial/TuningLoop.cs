using Rankitect.Experiment;
using Rankitect.Strategies.Tuning;

namespace Rankitect.Strategies.MultiTrial;

/// <summary>
/// The propose → evaluate → update loop of the tuner-driven searches, in two schedules.
/// <see cref="RunAsync"/> is batch-synchronous: it proposes as many trials as are evaluated at once, waits for all of
/// them, then updates the tuner in proposal order. Waiting costs some idle time when trials differ in length, but the
/// tuner sees the same results in the same order on every run, so the whole search is deterministic.
/// <see cref="RunAsynchronousAsync"/> starts a trial whenever one finishes and updates the tuner in finishing order:
/// no core waits, but the proposals depend on timing (<see cref="SearchContext.Deterministic"/> off).
/// With <see cref="SuccessiveHalving"/>, a free slot goes to a promotion before a new proposal.
/// </summary>
internal static class TuningLoop
{
    /// <summary>Runs until <paramref name="maxTrials"/> trials, the tuner running out of proposals, or the context's
    /// cancellation (trials running then are stopped and recorded as cancelled).</summary>
    public static async Task RunAsync(ITuner tuner, SearchContext context, TrialFidelity fidelity, int maxTrials, int batchSize,
        Func<IReadOnlyList<Trial>, Task<IReadOnlyList<TrialResult>>> evaluate, SuccessiveHalving? halving = null)
    {
        int proposed = 0;
        bool exhausted = false;
        while (!exhausted && proposed < maxTrials && !context.CancellationToken.IsCancellationRequested)
        {
            int size = Math.Min(batchSize, maxTrials - proposed);
            var batch = new List<Trial>(size);
            while (batch.Count < size)
            {
                var trial = Propose(tuner, context, fidelity, pending: batch.Count, halving);
                if (trial is null)
                {
                    exhausted = true;
                    break;
                }
                batch.Add(trial);
            }
            proposed += batch.Count;
            if (batch.Count == 0)
                break;
            foreach (var result in await evaluate(batch).ConfigureAwait(false))
                Update(tuner, halving, result);
            context.Report($"{proposed} of {maxTrials} trials", (double)proposed / maxTrials);
        }
    }

    /// <summary>Keeps up to <paramref name="concurrency"/> trials running, each evaluated alone by
    /// <paramref name="evaluateOne"/>; stops like <see cref="RunAsync"/> and waits for the trials still running.</summary>
    public static async Task RunAsynchronousAsync(ITuner tuner, SearchContext context, TrialFidelity fidelity, int maxTrials,
        int concurrency, Func<Trial, Task<TrialResult>> evaluateOne, SuccessiveHalving? halving = null)
    {
        var running = new List<Task<TrialResult>>(concurrency);
        int proposed = 0, finished = 0;
        bool exhausted = false;
        try
        {
            while (true)
            {
                while (!exhausted && running.Count < concurrency && proposed < maxTrials && !context.CancellationToken.IsCancellationRequested)
                {
                    var trial = Propose(tuner, context, fidelity, pending: running.Count, halving);
                    if (trial is null)
                    {
                        exhausted = true;
                        break;
                    }
                    running.Add(evaluateOne(trial));
                    proposed++;
                }
                if (running.Count == 0)
                    break;
                var done = await Task.WhenAny(running).ConfigureAwait(false);
                running.Remove(done);
                Update(tuner, halving, await done.ConfigureAwait(false));
                finished++;
                context.Report($"{finished} of {maxTrials} trials", (double)finished / maxTrials);
            }
        }
        catch when (running.Count > 0)
        {
            // A tuner that threw must not leave trainings running behind the search's back: they finish (and are
            // recorded) before the error goes on.
            try { await Task.WhenAll(running).ConfigureAwait(false); } catch { }
            throw;
        }
    }

    // The tuner learns from the trials it proposed (rung 0); promotions only feed the halving rule.
    private static void Update(ITuner tuner, SuccessiveHalving? halving, TrialResult result)
    {
        halving?.Record(result);
        if (result.Rung == 0)
            tuner.Update(result);
    }

    // With successive halving, a promotion when a rung has one; else the tuner's next trial, checked against the search's
    // id and space; null when the tuner has no more.
    private static Trial? Propose(ITuner tuner, SearchContext context, TrialFidelity fidelity, int pending, SuccessiveHalving? halving)
    {
        int id = context.NewTrialId();
        if (halving?.Promote(id) is { } promotion)
            return promotion;
        var trial = tuner.Propose(new TrialContext(id, fidelity, pending));
        if (trial is null)
            return null;
        if (trial.Id != id)
            throw new InvalidOperationException($"Tuner '{tuner.Name}' proposed trial id {trial.Id}; the search asked for {id}.");
        var problems = context.Space.Check(trial.Indices);
        if (problems.Count > 0)
            throw new InvalidOperationException($"Tuner '{tuner.Name}' proposed an architecture outside the '{context.Space.Name}' space: {string.Join(" ", problems)}");
        return trial;
    }
}

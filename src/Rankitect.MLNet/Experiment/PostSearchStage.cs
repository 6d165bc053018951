using System.Diagnostics;
using Rankitect.Data;
using Rankitect.Evaluation;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Training;

namespace Rankitect.Experiment;

/// <summary>The network the post-search stage returns and how it got it. Owns <see cref="Model"/>.</summary>
/// <param name="Model">The network, holding the weights it is returned with.</param>
/// <param name="Result">The trial that trained it.</param>
/// <param name="Cancelled">True when the run was cancelled or out of time.</param>
/// <param name="Seconds">Wall seconds of the stage.</param>
/// <param name="Validation">Validation metrics of <paramref name="Model"/> when the training measured them (else null).</param>
/// <param name="TuningSeconds">Wall seconds of the training-recipe search inside the stage (0 when none ran).</param>
internal sealed record FinalNetwork(CtrModule Model, TrialResult Result, bool Cancelled, double Seconds, CtrMetrics? Validation,
    double TuningSeconds = 0);

/// <summary>
/// The one stage after every strategy: retrains the top-k candidates from scratch at full fidelity (and the space's
/// hand-designed reference architecture, <see cref="IHasReferenceArchitecture"/>, unless turned off), applies the pick
/// (the best fitness, or the fewest FLOPs within <c>RankitectOptions.NeTolerance</c> of the best NE, within the
/// FLOPs budget; with an ensemble size of 2 or more the ensemble of the best retrained networks,
/// <see cref="EnsembleCandidate"/>, takes part in it like any retrained network), tunes the pick's training recipe
/// (<see cref="RecipeSearch"/>; not an ensemble's: its members keep the recipe they were retrained with), and owns the fallback when the run is
/// cancelled or out of time: the best finished retraining, else the best checkpoint of a cancelled one (a retraining
/// cancelled before its first checkpoint is validated as it stands), else the best network the search itself trained,
/// else one short training of the first candidate, so finished work is never lost and a cancelled run still returns quickly.
/// </summary>
internal static class PostSearchStage
{
    /// <summary>Most rows of the short training after a cancellation that left no trained network (one epoch).</summary>
    public const int FallbackRows = 8192;

    /// <summary>Most seconds of optimizer steps in that short training, counted from its first step: the user asked to
    /// stop, so the fallback takes a bounded time whatever the network's size (8,192 rows of a large DLRM candidate took
    /// about 2 s of steps on 2 cores, which with its validation and the export exceeded the 2 s a cancellation may take).
    /// It always takes at least one step, and at most one forward pass after this time.</summary>
    public static readonly TimeSpan FallbackTrainingTime = TimeSpan.FromSeconds(0.5);

    public static async Task<FinalNetwork> RunAsync(SearchContext context, TrialRecorder recorder, SearchOutcome outcome,
        int topK, double? neTolerance, bool retrainReference, int ensembleSize, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var space = context.Space;
        var candidates = Candidates(space, outcome.Candidates, context.Objective, topK);
        var reference = retrainReference && topK > 0 && candidates.Count > 0 ? Reference(space, context.Objective, candidates) : null;
        if (reference is not null)
            candidates.Add(reference);
        if (outcome.Candidates.Count > 0 && candidates.Count == 0 && topK > 0)
            throw new InvalidOperationException($"No candidate of the '{space.Name}' space is within the FLOPs budget of " +
                $"{context.Objective.FlopsBudget:N0} (the cheapest proposed has {outcome.Candidates.Min(c => space.CostOf(c.Indices).Flops):N0} FLOPs per example); " +
                $"raise FlopsBudget (SetObjective's flopsBudget).");

        var retrained = new List<TrialOutcome>();
        try
        {
            if (!cancellationToken.IsCancellationRequested && candidates.Count > 0)
            {
                context.Report($"retraining the top {candidates.Count - (reference is null ? 0 : 1)} at full fidelity" +
                    (reference is null ? "" : " and the space's hand-designed reference architecture"));
                var trials = candidates.Select(c => new Trial(context.NewTrialId(), c.Indices, TrialFidelity.Full, c.TrialId)).ToList();
                retrained.AddRange(await context.EvaluateAsync(trials, cancellationToken).ConfigureAwait(false));
                foreach (var trial in retrained)
                    recorder.Record(trial with { Model = null }); // the stage keeps the networks until the pick
            }

            TrialOutcome? ensemble = null;
            if (ensembleSize >= 2 && !cancellationToken.IsCancellationRequested
                && EnsembleCandidate.Create(context, retrained, ensembleSize) is { } candidate)
            {
                ensemble = candidate;
                recorder.Record(ensemble with { Model = null }); // the stage keeps the network until the pick
            }

            var chosen = Choose(context, recorder, ensemble is null ? retrained : [.. retrained, ensemble], neTolerance);
            if (ensemble is not null)
            {
                var network = (CtrEnsemble)ensemble.Model!;
                if (ReferenceEquals(chosen, ensemble))
                {
                    // The ensemble owns its members from now on; their outcomes must not dispose them.
                    retrained.RemoveAll(o => o.Model is not null && network.Members.Contains(o.Model));
                    context.Report("the ensemble is returned with its members' training recipes (the recipe search tunes single networks)");
                    return new FinalNetwork(network, ensemble.Result, cancellationToken.IsCancellationRequested, clock.Elapsed.TotalSeconds, ensemble.Validation);
                }
                network.DetachMembers();
                ensemble.Dispose();
            }
            if (chosen is null && neTolerance is not null && !cancellationToken.IsCancellationRequested
                && ArchitectureSelection.Pick(recorder.Trials, neTolerance.Value, context.Objective.FlopsBudget) is { } pick)
            {
                // The pick came from a fidelity whose networks are gone: train it like the final network.
                context.Report($"NE within {neTolerance:P1} of the best at the fewest FLOPs: trial {pick.TrialId}; retraining it");
                var trial = new Trial(context.NewTrialId(), pick.Indices, TrialFidelity.Full, pick.TrialId);
                var again = (await context.EvaluateAsync([trial], cancellationToken).ConfigureAwait(false))[0];
                recorder.Record(again with { Model = null });
                retrained.Add(again);
                if (again.Result.IsCompleted && again.Model is not null)
                    chosen = again;
            }
            if (chosen is not null)
            {
                retrained.Remove(chosen);
                // A NeTolerance pick is the fewest FLOPs within tolerance: only its own recipe is tuned.
                var alternatives = neTolerance is not null ? [] : retrained
                    .Where(o => o.Result.IsCompleted && double.IsFinite(o.Result.Fitness) && context.Objective.Admits(o.Result.Flops))
                    .Select(o => o.Result).OrderBy(r => r.Fitness).ThenBy(r => r.TrialId).ToList();
                (chosen, double tuningSeconds) = await RecipeSearch.RunAsync(context, recorder, chosen, alternatives, cancellationToken).ConfigureAwait(false);
                return new FinalNetwork(chosen.Model!, chosen.Result, cancellationToken.IsCancellationRequested, clock.Elapsed.TotalSeconds, chosen.Validation,
                    tuningSeconds);
            }
            return Fallback(context, recorder, retrained, outcome, topK, cancellationToken, clock);
        }
        finally
        {
            foreach (var trial in retrained) trial.Dispose();
        }
    }

    // Distinct architectures within the FLOPs budget, in the strategy's order.
    private static List<SearchCandidate> Candidates(IArchitectureSpace space, IReadOnlyList<SearchCandidate> proposed, SearchObjective objective, int topK)
    {
        var seen = new HashSet<string>();
        return proposed
            .Where(c => objective.Admits(space.CostOf(c.Indices).Flops) && seen.Add(string.Join(",", c.Indices)))
            .Take(topK)
            .ToList();
    }

    // The space's hand-designed architecture, when it has one within the FLOPs budget that is not a candidate already.
    private static SearchCandidate? Reference(IArchitectureSpace space, SearchObjective objective, List<SearchCandidate> candidates)
    {
        if (space is not IHasReferenceArchitecture { ReferenceArchitecture: { } reference }
            || !objective.Admits(space.CostOf(reference).Flops)
            || candidates.Any(c => c.Indices.SequenceEqual(reference)))
            return null;
        return new SearchCandidate(reference.ToArray());
    }

    // The best completed retraining by fitness, or the user's NE-tolerance pick; null when the pick has no network here.
    private static TrialOutcome? Choose(SearchContext context, TrialRecorder recorder, List<TrialOutcome> retrained, double? neTolerance)
    {
        var usable = retrained.Where(o => o.Model is not null && o.Result.IsCompleted && double.IsFinite(o.Result.Fitness)
            && context.Objective.Admits(o.Result.Flops)).ToList();
        var best = usable.OrderBy(o => o.Result.Fitness).ThenBy(o => o.Result.TrialId).FirstOrDefault();
        if (neTolerance is not { } tolerance || ArchitectureSelection.Pick(recorder.Trials, tolerance, context.Objective.FlopsBudget) is not { } pick)
            return best;
        return usable.FirstOrDefault(o => o.Result.TrialId == pick.TrialId)
            ?? usable.FirstOrDefault(o => o.Result.Indices.SequenceEqual(pick.Indices));
    }

    private static FinalNetwork Fallback(SearchContext context, TrialRecorder recorder, List<TrialOutcome> retrained,
        SearchOutcome outcome, int topK, CancellationToken cancellationToken, Stopwatch clock)
    {
        bool cancelled = cancellationToken.IsCancellationRequested;
        // A cancelled retraining keeps the weights of its best validation checkpoint.
        var partial = retrained.Where(o => o.Model is not null && double.IsFinite(o.Result.NormalizedEntropy))
            .OrderBy(o => o.Result.NormalizedEntropy).ThenBy(o => o.Result.TrialId).FirstOrDefault();
        if (partial is not null && cancelled)
        {
            retrained.Remove(partial);
            return new FinalNetwork(partial.Model!, partial.Result, true, clock.Elapsed.TotalSeconds, partial.Validation);
        }
        if (cancelled || topK == 0)
        {
            var kept = recorder.TakeBest(TrialFidelity.Full, TrialFidelity.Low);
            if (kept is not null)
                return new FinalNetwork(kept.Model!, kept.Result, cancelled, clock.Elapsed.TotalSeconds, kept.Validation);
        }
        if (cancelled && outcome.Candidates.FirstOrDefault(c => context.Objective.Admits(context.Space.CostOf(c.Indices).Flops)) is { } first)
        {
            var brief = TrainBriefly(context, first);
            recorder.Record(brief with { Model = null });
            // Cancelled by its own time limit, it still holds validated weights (Status says it was cut short).
            if (brief.Model is not null && double.IsFinite(brief.Result.NormalizedEntropy))
                return new FinalNetwork(brief.Model, brief.Result, true, clock.Elapsed.TotalSeconds, brief.Validation);
            brief.Dispose();
        }
        if (cancelled)
            throw new OperationCanceledException("The search was cancelled before any network was trained.", cancellationToken);
        var failure = retrained.Select(o => o.Result).Concat(recorder.Trials).FirstOrDefault(t => t.Status == TrialStatus.Failed);
        throw new InvalidOperationException(failure is not null
            ? $"No network of the '{context.Space.Name}' space finished training; trial {failure.TrialId} failed: {failure.Error}"
            : topK == 0
                ? $"TopK (SetRetraining's topK) is 0 but the strategy '{context.Strategy}' trained no network itself; set TopK (SetRetraining's topK) to at least 1."
                : $"No network of the '{context.Space.Name}' space finished training with a finite validation NE within the FLOPs budget.");
    }

    // One epoch on at most FallbackRows rows, stopped after FallbackTrainingTime of steps (the user's token has fired
    // already: this one is its own, so there is always a first step), then validated once, so a usable network returns
    // quickly after a cancellation.
    private static TrialOutcome TrainBriefly(SearchContext context, SearchCandidate candidate)
    {
        var trial = new Trial(context.NewTrialId(), candidate.Indices, TrialFidelity.Low, candidate.TrialId);
        context.ReportRunning(trial);
        var options = context.TrainingOf(trial).With(context.DeriveSeed(trial.Id), context.Threads);
        options.MaxEpochs = 1;
        options.EvaluationsPerEpoch = 1;
        var rows = context.Train.Count <= FallbackRows ? context.Train : context.Train.Select(Enumerable.Range(0, FallbackRows).ToArray());
        context.Report($"cancelled: training the first candidate briefly ({rows.Count:N0} rows, one epoch, at most {FallbackTrainingTime.TotalSeconds:F1} s)");
        // The clock is read before every step rather than left to a timer, whose callback can be late on a busy thread
        // pool; the step that sees the time is up stops after its forward pass (the token is checked before the hook and after the forward).
        using var deadline = new CancellationTokenSource();
        var clock = new Stopwatch();
        var hooks = new TrainingHooks
        {
            BeforeStep = step =>
            {
                if (step == 0) clock.Start();
                else if (clock.Elapsed >= FallbackTrainingTime) deadline.Cancel();
            },
        };
        return TrainingTrialRunner.Train(trial, context, options, rows, deadline.Token, validateOnCancel: true, hooks);
    }
}

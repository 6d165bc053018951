using Rankitect.Evaluation;
using Rankitect.Training;

namespace Rankitect.Experiment;

/// <summary>
/// The hyperparameter search of the post-search stage: <see cref="TrainingSearchOptions.Trials"/> full-fidelity
/// trainings, shared round robin by the chosen architecture and the next best retrained ones
/// (<see cref="TrainingSearchOptions.Architectures"/>), each with a distinct recipe drawn (seeded) from the
/// <see cref="SearchContext.TrainingSpace"/>, evaluated like every trial (k at a time, recorded in trial order). The
/// training with the best fitness replaces the network the pick chose with the default recipe when the paired per-row
/// comparison on the validation rows says the gain is beyond noise (<see cref="TrainingSearchOptions.MinimumImprovement"/>).
/// No single recipe serves every data set (issue 12 reports Adagrad 0.1 at batch 128 taking one unseen set's test NE
/// from 0.479 to 0.430 and making two Criteo sets worse), nor every architecture, so both are chosen together per data
/// set, on validation.
/// </summary>
internal static class RecipeSearch
{
    // The stream of the recipe draws, apart from every trial's own seed.
    private const int RecipeStream = -7_001;

    /// <summary>Returns the better of <paramref name="chosen"/> and the tuned trainings (or, with
    /// <see cref="TrainingSearchOptions.EnsembleSize"/>, their ensemble when it is better still), disposing the rest, and the wall
    /// seconds the search took (0 when it trained nothing). Cancelled: the best finished training so far (at worst
    /// <paramref name="chosen"/>).</summary>
    /// <param name="context">The search.</param>
    /// <param name="recorder">Where the tuned trials are recorded.</param>
    /// <param name="chosen">The pick, trained with the default recipe.</param>
    /// <param name="alternatives">Other retrained architectures, best first, that may share the trials.</param>
    /// <param name="cancellationToken">Stops the trainings (each keeps its best checkpoint).</param>
    public static async Task<(TrialOutcome Best, double Seconds)> RunAsync(SearchContext context, TrialRecorder recorder, TrialOutcome chosen,
        IReadOnlyList<TrialResult> alternatives, CancellationToken cancellationToken)
    {
        var space = context.TrainingSpace;
        int count = context.TrainingSearch.Trials;
        if (count == 0 || space.Choices.Count == 0 || cancellationToken.IsCancellationRequested)
            return (chosen, 0);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var architectures = new[] { chosen.Result }
            .Concat(alternatives.Where(a => !a.Indices.SequenceEqual(chosen.Result.Indices)))
            .Take(context.TrainingSearch.Architectures).ToList();
        var trials = Draw(context, architectures, count);
        if (trials.Count == 0)
            return (chosen, 0);
        context.Report($"tuning the training recipe: {trials.Count} trainings of " +
            (architectures.Count == 1 ? "the chosen architecture" : $"the best {architectures.Count} architectures"));
        var outcomes = await context.EvaluateAsync(trials, cancellationToken).ConfigureAwait(false);
        var best = chosen;
        foreach (var outcome in outcomes)
        {
            recorder.Record(outcome with { Model = null });
            if (outcome.Model is not null && outcome.Result.IsCompleted && outcome.Result.Fitness < best.Result.Fitness
                && context.Objective.Admits(outcome.Result.Flops))
                best = outcome;
        }
        if (!ReferenceEquals(best, chosen))
        {
            var gain = Gain(context, chosen, best);
            bool real = gain.Z >= context.TrainingSearch.MinimumImprovement;
            string which = best.Result.Indices.SequenceEqual(chosen.Result.Indices) ? "" : $"trial {best.Result.TrialId}'s architecture with ";
            context.Report($"training recipe: {which}{best.Result.Recipe}: validation NE {best.Result.NormalizedEntropy:F4} against " +
                $"{chosen.Result.NormalizedEntropy:F4} for the pick with the default recipe, {gain.Z:F1} standard errors better; " +
                (real ? "kept" : $"within noise (below {context.TrainingSearch.MinimumImprovement:F1}): the pick stays"));
            if (!real)
                best = chosen;
        }
        // A cancelled run returns what it has at once: no ensemble to build and validate.
        var kept = cancellationToken.IsCancellationRequested ? best : Ensemble(context, recorder, best, outcomes.Append(chosen).ToList());
        // An ensemble owns its members' networks: their outcomes are not disposed.
        var members = (kept.Model as SearchSpaces.Modules.CtrEnsemble)?.Members ?? [];
        foreach (var outcome in outcomes.Append(chosen))
            if (!ReferenceEquals(outcome, kept) && (outcome.Model is null || !members.Contains(outcome.Model)))
                outcome.Dispose();
        return (kept, clock.Elapsed.TotalSeconds);
    }

    // With TrainingSearch.EnsembleSize >= 2, the ensemble of the best trainings when it beats `best` beyond noise (the same
    // paired rule as a recipe), else `best`. The ensemble is recorded either way.
    private static TrialOutcome Ensemble(SearchContext context, TrialRecorder recorder, TrialOutcome best, List<TrialOutcome> trained)
    {
        int size = context.TrainingSearch.EnsembleSize;
        if (size < 2 || EnsembleCandidate.Create(context, trained, size) is not { } ensemble)
            return best;
        recorder.Record(ensemble with { Model = null });
        var gain = Gain(context, best, ensemble);
        bool real = gain.Z >= context.TrainingSearch.MinimumImprovement && ensemble.Result.Fitness < best.Result.Fitness;
        context.Report($"ensemble of the recipe search's best {ensemble.Result.Members!.Count}: validation NE {ensemble.Result.NormalizedEntropy:F4} " +
            $"against {best.Result.NormalizedEntropy:F4}, {gain.Z:F1} standard errors better; " +
            (real ? "kept" : $"not kept (it must be {context.TrainingSearch.MinimumImprovement:F1} standard errors better, with a lower fitness)"));
        if (real)
            return ensemble;
        ((SearchSpaces.Modules.CtrEnsemble)ensemble.Model!).DetachMembers();
        ensemble.Dispose();
        return best;
    }

    // How much better `candidate` predicts the validation rows than `baseline`: the one noise rule of the recipe and the
    // ensemble (compared with TrainingSearch.MinimumImprovement).
    private static PairedComparison Gain(SearchContext context, TrialOutcome baseline, TrialOutcome candidate)
    {
        TorchThreads.Use(context.Threads); // a continuation on a trial thread: pin the experiment's count
        return PairedComparison.Of(context.Validation.Labels(), CtrTrainer.Predict(baseline.Model!, context.Validation),
            CtrTrainer.Predict(candidate.Model!, context.Validation));
    }

    // Round robin over the architectures, best first; per architecture distinct recipes, none equal to the one it
    // trained with.
    private static List<Trial> Draw(SearchContext context, IReadOnlyList<TrialResult> architectures, int count)
    {
        var space = context.TrainingSpace;
        var random = new Random(context.DeriveSeed(RecipeStream));
        var seen = architectures.Select(a => new HashSet<TrainingRecipe> { a.Recipe ?? space.Default }).ToList();
        var trials = new List<Trial>(count);
        for (int attempt = 0; trials.Count < count && attempt < 50 * count; attempt++)
        {
            int a = trials.Count % architectures.Count;
            var recipe = space.Recipe(space.Sample(random));
            if (seen[a].Add(recipe))
                trials.Add(new Trial(context.NewTrialId(), architectures[a].Indices, TrialFidelity.Full, architectures[a].TrialId) { Recipe = recipe });
        }
        return trials;
    }
}

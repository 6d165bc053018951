using Rankitect.Evaluation;
using Rankitect.Training;

namespace Rankitect.Experiment;

/// <summary>
/// The hyperparameter search of the post-search stage: <see cref="TrainingSearchOptions.Trials"/> full-fidelity
/// trainings of the chosen architecture, each with a distinct recipe drawn (seeded) from the
/// <see cref="SearchContext.TrainingSpace"/>, evaluated like every trial (k at a time, recorded in trial order). The
/// recipe with the best fitness (validation NE: the architecture, so the FLOPs, is the same) replaces the network
/// trained with the default recipe when the paired per-row comparison on the validation rows says the gain is beyond
/// noise (<see cref="TrainingSearchOptions.MinimumImprovement"/>). No single recipe serves every data set (issue 12 reports
/// Adagrad 0.1 at batch 128 taking one unseen set's test NE from 0.479 to 0.430 and making two Criteo sets worse), so it is
/// chosen per data set, on validation.
/// </summary>
internal static class RecipeSearch
{
    // The stream of the recipe draws, apart from every trial's own seed.
    private const int RecipeStream = -7_001;

    /// <summary>Returns the better of <paramref name="chosen"/> and the tuned trainings, disposing the rest. Cancelled:
    /// the best finished training so far (at worst <paramref name="chosen"/>).</summary>
    public static async Task<TrialOutcome> RunAsync(SearchContext context, TrialRecorder recorder, TrialOutcome chosen,
        CancellationToken cancellationToken)
    {
        var space = context.TrainingSpace;
        int count = context.TrainingSearch.Trials;
        if (count == 0 || space.Choices.Count == 0 || cancellationToken.IsCancellationRequested)
            return chosen;

        var trials = Draw(context, chosen.Result, count);
        if (trials.Count == 0)
            return chosen;
        context.Report($"tuning the training recipe: {trials.Count} trainings of the chosen architecture");
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
            TorchThreads.Use(context.Threads); // a continuation on a trial thread: pin the experiment's count
            var labels = context.Validation.Labels();
            var gain = PairedComparison.Of(labels, CtrTrainer.Predict(chosen.Model!, context.Validation),
                CtrTrainer.Predict(best.Model!, context.Validation));
            bool real = gain.Z >= context.TrainingSearch.MinimumImprovement;
            context.Report($"training recipe: {best.Result.Recipe}: validation NE {best.Result.NormalizedEntropy:F4} against " +
                $"{chosen.Result.NormalizedEntropy:F4} with the default recipe, {gain.Z:F1} standard errors better; " +
                (real ? "kept" : $"within noise (below {context.TrainingSearch.MinimumImprovement:F1}): the default recipe stays"));
            if (!real)
                best = chosen;
        }
        foreach (var outcome in outcomes.Append(chosen))
            if (!ReferenceEquals(outcome, best))
                outcome.Dispose();
        return best;
    }

    // Distinct recipes, none equal to the one the chosen network trained with.
    private static List<Trial> Draw(SearchContext context, TrialResult chosen, int count)
    {
        var space = context.TrainingSpace;
        var random = new Random(context.DeriveSeed(RecipeStream));
        var seen = new HashSet<TrainingRecipe> { chosen.Recipe ?? space.Default };
        var trials = new List<Trial>(count);
        for (int attempt = 0; trials.Count < count && attempt < 50 * count; attempt++)
        {
            var recipe = space.Recipe(space.Sample(random));
            if (seen.Add(recipe))
                trials.Add(new Trial(context.NewTrialId(), chosen.Indices, TrialFidelity.Full, chosen.TrialId) { Recipe = recipe });
        }
        return trials;
    }
}

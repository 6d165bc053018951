using Rankitect.Experiment;
using Rankitect.Strategies.MultiTrial;

namespace Rankitect.Tests.Strategies.Tuning;

public class SuccessiveHalvingTests
{
    // A toy objective: architecture [k] has fitness k / 10 at every rung (lower is better).
    private static TrialResult Result(Trial trial, TrialStatus status = TrialStatus.Completed)
    {
        double fitness = status == TrialStatus.Completed ? trial.Indices[0] / 10.0 : double.NaN;
        return new TrialResult(trial.Id, trial.Indices, trial.Fidelity, status, "test", fitness, 0.7, 0.4, 100, 10, 40, fitness, 0.1,
            trial.ParentId) { Rung = trial.Rung };
    }

    private static Trial New(int id, int k) => new(id, [k], TrialFidelity.Low);

    [Fact]
    public void A_rung_promotes_its_top_third_best_first_and_each_trial_once()
    {
        var halving = new SuccessiveHalving(rungs: 3, rate: 3);
        Assert.Null(halving.Promote(0)); // nothing finished yet

        foreach (var k in new[] { 5, 2, 8 })
            halving.Record(Result(New(k, k)));
        var first = halving.Promote(10);
        Assert.NotNull(first);
        Assert.Equal((10, 1, 2, 2), (first!.Id, first.Rung, first.ParentId!.Value, first.Indices[0])); // the best of three
        Assert.Null(halving.Promote(11)); // 3 / 3 = 1 promotion, already made

        foreach (var k in new[] { 1, 9, 7 })
            halving.Record(Result(New(20 + k, k)));
        var second = halving.Promote(12);
        Assert.Equal((1, 21), (second!.Indices[0], second.ParentId!.Value)); // six finished: the top two are k=1 and k=2
        Assert.Null(halving.Promote(13));
    }

    [Fact]
    public void Higher_rungs_promote_first_and_the_top_rung_never()
    {
        var halving = new SuccessiveHalving(rungs: 2, rate: 2);
        halving.Record(Result(New(0, 4)));
        halving.Record(Result(New(1, 3)));
        var promoted = halving.Promote(2)!;
        Assert.Equal(1, promoted.Rung);
        halving.Record(Result(promoted));
        halving.Record(Result(new Trial(3, [1], TrialFidelity.Low) { Rung = 1 }));
        Assert.Null(halving.Promote(4)); // rung 1 is the top rung: its trials are candidates, never promoted

        var three = new SuccessiveHalving(rungs: 3, rate: 2);
        three.Record(Result(New(0, 6)));
        three.Record(Result(New(1, 5)));
        three.Record(Result(new Trial(2, [2], TrialFidelity.Low, 9) { Rung = 1 }));
        three.Record(Result(new Trial(3, [4], TrialFidelity.Low, 8) { Rung = 1 }));
        Assert.Equal(2, three.Promote(4)!.Rung); // rung 1 has a promotable trial: it goes before rung 0's
        Assert.Equal(1, three.Promote(5)!.Rung);
    }

    [Fact]
    public void Failed_trials_are_never_promoted_and_keep_their_recipe_when_promoted()
    {
        var halving = new SuccessiveHalving(rungs: 2, rate: 2);
        halving.Record(Result(New(0, 1), TrialStatus.Failed));
        halving.Record(Result(New(1, 2), TrialStatus.Cancelled));
        Assert.Null(halving.Promote(2));
        var recipe = new Rankitect.Training.TrainingRecipe(Rankitect.Training.OptimizerKind.Adagrad, 0.1, 0.1, 0, 0, 128);
        halving.Record(Result(New(3, 3) with { Recipe = recipe }) with { Recipe = recipe });
        halving.Record(Result(New(4, 4)));
        var promoted = halving.Promote(5)!;
        Assert.Equal(3, promoted.Indices[0]);
        Assert.Equal(recipe, promoted.Recipe);
    }

    [Theory]
    [InlineData(0, 100_000, 0.1, 1)]   // rung 0: the row fraction for the configured epochs
    [InlineData(1, 100_000, 0.3, 1)]   // each rung three times the examples: rows first
    [InlineData(2, 100_000, 0.9, 1)]
    [InlineData(3, 100_000, 1.0, 3)]   // then epochs over every row
    public void The_example_budget_grows_by_the_rate_rows_first(int rung, long rows, double fraction, int epochs)
    {
        var options = new FidelityOptions { RowFraction = 0.1, Epochs = 1, MinExamples = 0, Rungs = 4, HalvingRate = 3 };
        var at = options.At(rung, rows, maxEpochs: 10);
        Assert.Equal(fraction, at.RowFraction, 9);
        Assert.Equal(epochs, at.Epochs);
    }

    [Fact]
    public void A_floor_on_examples_gives_small_data_more_rows_then_more_epochs_up_to_the_full_training()
    {
        var options = new FidelityOptions { RowFraction = 0.1, Epochs = 1, MinExamples = 50_000 };
        Assert.Equal((0.5, 1), options.At(0, 100_000, maxEpochs: 10));
        Assert.Equal((1.0, 8), options.At(0, 6_400, maxEpochs: 10));
        Assert.Equal((1.0, 10), options.At(1, 6_400, maxEpochs: 10)); // capped by the full training's epochs
        Assert.Equal((0.1, 1), new FidelityOptions { MinExamples = 0 }.At(0, 100_000, maxEpochs: 10)); // no floor: the plain row fraction
        Assert.Equal((0.75, 1), new FidelityOptions().At(0, 100_000, maxEpochs: 10)); // the default floor, 75,000 examples
    }
}

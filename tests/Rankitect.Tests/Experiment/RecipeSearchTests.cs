using Microsoft.ML;
using Rankitect.Data.Synthetic;
using Rankitect.Experiment;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Strategies;
using Rankitect.Strategies.MultiTrial;
using Rankitect.Tests.Strategies.Tuning;
using Rankitect.Training;

namespace Rankitect.Tests.Experiment;

/// <summary>The hyperparameter search of the post-search stage: distinct recipes on the chosen architecture, chosen by
/// validation only when the gain is beyond noise, recorded in the trial table and the model's info.</summary>
[Collection(TuningCollection.Name)]
public class RecipeSearchTests(TuningTestData fixture)
{
    private static FixedArchitectureStrategy First => new("first", space => new int[space.Choices.Count]);

    private async Task<ExperimentResult> Run(TrainingSearchOptions search, int seed = 4)
        => await fixture.Experiment(First, seed, threads: 1).SetTrainingSearch(search).RunAsync();

    [Fact]
    public async Task The_chosen_architecture_trains_again_with_distinct_recipes_and_the_best_validation_NE_wins()
    {
        using var result = await Run(new TrainingSearchOptions { Trials = 3, MinimumImprovement = 0, EnsembleSize = 0 });

        var full = result.Trials.Where(t => t.Fidelity == TrialFidelity.Full).ToList();
        Assert.Equal(4, full.Count);
        Assert.Null(full[0].Recipe);
        var tuned = full.Skip(1).ToList();
        Assert.All(tuned, t => Assert.Equal(full[0].Indices, t.Indices));
        Assert.All(tuned, t => Assert.NotNull(t.Recipe));
        Assert.Equal(3, tuned.Select(t => t.Recipe).Distinct().Count());
        // The fixture fixes BatchSize and LearningRate: every recipe keeps them.
        Assert.All(tuned, t => Assert.Equal((128, 0.01), (t.Recipe!.BatchSize, t.Recipe.LearningRate)));
        var best = full.Where(t => t.IsCompleted).MinBy(t => t.Fitness)!;
        Assert.Equal(best.TrialId, result.BestTrial.TrialId);
        // The recipe search's time is reported apart (the tuned LightGBM baseline gets it as search time too).
        Assert.InRange(result.TuningSeconds, tuned.Sum(t => t.Seconds) / 2, result.TrainSeconds);
    }

    [Fact]
    public async Task The_best_retrained_architectures_share_the_trials_round_robin_best_first()
    {
        var search = new MultiTrialStrategy(new MultiTrialOptions { Tuner = TunerKind.RandomSearch, MaxTrials = 4 });
        using var result = await fixture.Experiment(search, seed: 4, threads: 1).SetRetraining(topK: 2)
            .SetTrainingSearch(new TrainingSearchOptions { Trials = 4, Architectures = 2, MinimumImprovement = 0, EnsembleSize = 0 }).RunAsync();

        var retrained = result.Trials.Where(t => t.Fidelity == TrialFidelity.Full && t.Recipe is null).ToList();
        Assert.Equal(2, retrained.Count);
        var order = retrained.OrderBy(t => t.Fitness).ThenBy(t => t.TrialId).ToList();
        var tuned = result.Trials.Where(t => t.Recipe is not null).ToList();
        Assert.Equal(4, tuned.Count);
        for (int i = 0; i < tuned.Count; i++)
            Assert.Equal(order[i % 2].Indices, tuned[i].Indices);
        var best = result.Trials.Where(t => t.Fidelity == TrialFidelity.Full && t.IsCompleted).MinBy(t => t.Fitness)!;
        Assert.Equal(best.TrialId, result.BestTrial.TrialId); // with no noise guard the best pair wins, whichever architecture
    }

    [Fact]
    public async Task The_same_seed_draws_the_same_recipes()
    {
        using var first = await Run(new TrainingSearchOptions { Trials = 2 }, seed: 9);
        using var second = await Run(new TrainingSearchOptions { Trials = 2 }, seed: 9);

        Assert.Equal(first.Trials.Select(t => t.Recipe), second.Trials.Select(t => t.Recipe));
        Assert.Equal(first.Trials.Select(t => t.NormalizedEntropy), second.Trials.Select(t => t.NormalizedEntropy));
    }

    [Fact]
    public async Task The_best_trainings_of_the_recipe_search_compete_as_an_ensemble()
    {
        using var result = await Run(new TrainingSearchOptions { Trials = 3, MinimumImprovement = 0, EnsembleSize = 3 });

        var singles = result.Trials.Where(t => t.Fidelity == TrialFidelity.Full && !t.IsEnsemble).ToList();
        Assert.Equal(4, singles.Count);
        var ensemble = Assert.Single(result.Trials, t => t.IsEnsemble);
        // The three best trainings by validation NE (the default-recipe pick among the candidates), FLOPs summed.
        Assert.Equal(singles.Where(t => t.IsCompleted).OrderBy(t => t.NormalizedEntropy).ThenBy(t => t.TrialId).Take(3).Select(t => t.TrialId),
            ensemble.Members!.Select(m => m.TrialId));
        Assert.Equal(ensemble.Members!.Sum(m => m.Flops), ensemble.Flops);
        // With no noise guard it is returned when its fitness is the lowest; its members are then alive and scored.
        var best = singles.Where(t => t.IsCompleted).MinBy(t => t.Fitness)!;
        if (ensemble.Fitness < best.Fitness)
        {
            Assert.Equal(ensemble.TrialId, result.BestTrial.TrialId);
            var network = Assert.IsType<CtrEnsemble>(result.Model);
            Assert.Equal(3, network.Members.Count);
            Assert.Equal(ensemble.NormalizedEntropy, CtrTrainer.Evaluate(result.Model, fixture.Data.Validation).NormalizedEntropy, 6);
        }
        else
            Assert.Equal(best.TrialId, result.BestTrial.TrialId);
    }

    [Fact]
    public async Task An_ensemble_within_noise_is_not_kept()
    {
        using var result = await Run(new TrainingSearchOptions { Trials = 2, MinimumImprovement = 1e6, EnsembleSize = 3 });

        Assert.Single(result.Trials, t => t.IsEnsemble);
        Assert.False(result.BestTrial.IsEnsemble);
        Assert.IsNotType<CtrEnsemble>(result.Model);
        Assert.True(double.IsFinite(CtrTrainer.Evaluate(result.Model, fixture.Data.Validation).NormalizedEntropy)); // not disposed
    }

    [Fact]
    public async Task A_gain_within_noise_keeps_the_default_recipe()
    {
        using var result = await Run(new TrainingSearchOptions { Trials = 2, MinimumImprovement = 1e6, EnsembleSize = 0 });

        Assert.Equal(3, result.Trials.Count(t => t.Fidelity == TrialFidelity.Full));
        Assert.Null(result.BestTrial.Recipe);
    }

    [Fact]
    public void The_model_info_records_the_recipe_of_the_returned_network()
    {
        var ml = new MLContext(2);
        var rows = new SyntheticCtrGenerator(new SyntheticCtrOptions
        {
            Seed = 3, RowCount = 4_000, DenseFieldCount = 2, CategoricalFieldCount = 3, MaxCardinality = 30,
            NoiseDenseFieldCount = 0, NoiseCategoricalFieldCount = 0, InteractionCount = 2,
        }).ToDataView();
        var options = new RankitectOptions
        {
            Strategy = SearchStrategy.FixedDlrm, Seed = 1, Threads = 1,
            Training = new CtrTrainingOptions { MaxEpochs = 1, EvaluationsPerEpoch = 1 },
            TrainingSearch = new TrainingSearchOptions { Trials = 4, MinimumImprovement = 0, BatchSizes = [256], EnsembleSize = 0 },
        };

        var model = ml.Ranking().Rankitect(options).Fit(rows);

        var info = model.Model.Info;
        var chosen = model.Model.Trials.Single(t => t.TrialId == info.Trials.Where(i => i.Fidelity == "Full" && i.Status == "Completed")
            .MinBy(i => i.Fitness)!.TrialId);
        var expected = (chosen.Recipe ?? TrainingRecipe.Of(options.Training)).ToDictionary();
        // The recipe, and the returned network's Platt scaling when it has one (CalibrationTests).
        Assert.Equal(expected, info.Hyperparameters.Where(p => !p.Key.StartsWith("calibration", StringComparison.Ordinal)).ToDictionary());
        Assert.Equal("256", info.Hyperparameters["batchSize"]);

        Assert.All(info.Trials, t => Assert.Equal(7, t.Hyperparameters.Count));
    }
}

/// <summary>The hand-designed reference architecture retrained beside the strategy's candidates.</summary>
[Collection(TuningCollection.Name)]
public class ReferenceArchitectureTests(TuningTestData fixture)
{
    // A tiny space that can still express the hand-designed DLRM (widths 64 and 128, dimension 16, full tables, dot).
    private IArchitectureSpace Space => new DlrmSpace(new CtrFeatureShape(fixture.Data.Schema.DenseWidth, fixture.Data.Schema.Cardinalities),
        new DlrmSpaceOptions { BottomLayers = 1, TopLayers = 2, LayerWidths = [8, 64, 128], EmbeddingDims = [4, 16], RowFractions = [1.0, 0.1] });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_reference_is_retrained_beside_the_candidates_unless_turned_off(bool reference)
    {
        var space = Space;
        var expected = ((IHasReferenceArchitecture)space).ReferenceArchitecture;
        Assert.NotNull(expected);
        using var result = await fixture.Experiment(new FixedArchitectureStrategy("first", s => new int[s.Choices.Count]), threads: 1, space: space)
            .SetRetraining(topK: 1, retrainReference: reference).RunAsync();

        var full = result.Trials.Where(t => t.Fidelity == TrialFidelity.Full).ToList();
        Assert.Equal(reference ? 2 : 1, full.Count);
        Assert.Equal(reference, full.Any(t => t.Indices.SequenceEqual(expected)));
        Assert.Equal(full.Where(t => t.IsCompleted).MinBy(t => t.Fitness)!.TrialId, result.BestTrial.TrialId);
    }

    [Fact]
    public void A_space_without_the_reference_widths_has_none()
        => Assert.Null(((IHasReferenceArchitecture)fixture.Space).ReferenceArchitecture);
}

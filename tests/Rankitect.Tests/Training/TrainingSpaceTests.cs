using Rankitect.Training;

namespace Rankitect.Tests.Training;

public sealed class TrainingSpaceTests
{
    [Fact]
    public void Every_unset_setting_is_a_choice_and_a_set_one_is_fixed()
    {
        var space = new TrainingSpace(new TrainingSearchOptions(), new CtrTrainingOptions { BatchSize = 256, Optimizer = OptimizerKind.Adagrad });

        Assert.Equal(["learning_rate_scale", "embedding_learning_rate_scale", "weight_decay", "embedding_l2", "dropout"], space.Choices.Select(c => c.Name));
        var random = new Random(3);
        for (int i = 0; i < 50; i++)
        {
            var recipe = space.Recipe(space.Sample(random));
            Assert.Equal(256, recipe.BatchSize);
            Assert.Equal(OptimizerKind.Adagrad, recipe.Optimizer);
        }
    }

    [Fact]
    public void Learning_rates_scale_the_optimizer_default_and_the_embedding_rate_scales_the_dense_one()
    {
        var search = new TrainingSearchOptions
        {
            Optimizers = [OptimizerKind.Adagrad], LearningRateScales = [2], EmbeddingLearningRateScales = [10],
            WeightDecays = [1e-5], EmbeddingL2s = [1e-6], BatchSizes = [128], Dropouts = [0.2],
        };
        var recipe = new TrainingSpace(search, new CtrTrainingOptions()).Recipe([0, 0, 0, 0, 0, 0, 0]);

        Assert.Equal(new TrainingRecipe(OptimizerKind.Adagrad, 0.1, 1.0, 1e-5, 1e-6, 128, 0.2), recipe);
        var options = recipe.ApplyTo(new CtrTrainingOptions { MaxEpochs = 3 });
        Assert.Equal((0.1, 1.0, 3, 128, 0.2), (options.EffectiveLearningRate, options.EffectiveEmbeddingLearningRate, options.MaxEpochs, options.BatchSize, options.Dropout));
    }

    [Fact]
    public void A_user_learning_rate_is_kept_and_the_embedding_rate_scales_it()
    {
        var space = new TrainingSpace(new TrainingSearchOptions { EmbeddingLearningRateScales = [3] }, new CtrTrainingOptions { LearningRate = 0.02 });

        var recipe = space.Recipe(space.Sample(new Random(1)));

        Assert.Equal(0.02, recipe.LearningRate);
        Assert.Equal(0.06, recipe.EmbeddingLearningRate, 12);
    }

    [Fact]
    public void A_recipe_survives_a_JSON_round_trip_and_bad_JSON_names_the_setting()
    {
        var space = new TrainingSpace(new TrainingSearchOptions(), new CtrTrainingOptions());
        var random = new Random(7);
        for (int i = 0; i < 20; i++)
        {
            var indices = space.Sample(random);
            Assert.Equal(indices, space.FromJson(space.ToJson(indices)));
        }

        var unknown = Assert.Throws<ArgumentException>(() => space.FromJson("{\"momentum\":\"0.9\"}"));
        Assert.Contains("momentum", unknown.Message);
        var badValue = Assert.Throws<ArgumentException>(() => space.FromJson(space.ToJson(space.Sample(random)).Replace("\"batch_size\":\"", "\"batch_size\":\"7")));
        Assert.Contains("batch_size", badValue.Message);
    }

    [Theory]
    [InlineData(nameof(TrainingSearchOptions.Trials))]
    [InlineData(nameof(TrainingSearchOptions.LearningRateScales))]
    [InlineData(nameof(TrainingSearchOptions.BatchSizes))]
    [InlineData(nameof(TrainingSearchOptions.MinimumImprovement))]
    public void Bad_search_options_are_refused_naming_the_option(string option)
    {
        var search = new TrainingSearchOptions();
        switch (option)
        {
            case nameof(TrainingSearchOptions.Trials): search.Trials = -1; break;
            case nameof(TrainingSearchOptions.LearningRateScales): search.LearningRateScales = [1, double.NaN]; break;
            case nameof(TrainingSearchOptions.BatchSizes): search.BatchSizes = []; break;
            default: search.MinimumImprovement = -1; break;
        }
        var e = Assert.ThrowsAny<ArgumentException>(() => new TrainingSpace(search, new CtrTrainingOptions()));
        Assert.Contains($"TrainingSearch.{option}", e.Message);
    }
}

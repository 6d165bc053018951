using System.Globalization;

namespace Rankitect.Training;

/// <summary>
/// The hyperparameters of one training: the settings a hyperparameter search varies, as values. A trial that carries
/// one trains with it; the model's info records the chosen network's.
/// </summary>
/// <param name="Optimizer">The optimizer.</param>
/// <param name="LearningRate">Learning rate of the dense layers.</param>
/// <param name="EmbeddingLearningRate">Learning rate of the embedding tables.</param>
/// <param name="WeightDecay">L2 weight decay of the dense layers.</param>
/// <param name="EmbeddingL2">L2 penalty on the looked-up embedding rows.</param>
/// <param name="BatchSize">Rows per minibatch.</param>
/// <param name="Dropout">Dropout rate after the MLPs' ReLUs.</param>
public sealed record TrainingRecipe(OptimizerKind Optimizer, double LearningRate, double EmbeddingLearningRate, double WeightDecay,
    double EmbeddingL2, int BatchSize, double Dropout = 0)
{
    /// <summary>The recipe <paramref name="options"/> trains with.</summary>
    public static TrainingRecipe Of(CtrTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.Optimizer, options.EffectiveLearningRate, options.EffectiveEmbeddingLearningRate, options.WeightDecay,
            options.EmbeddingL2, options.BatchSize, options.Dropout);
    }

    /// <summary>A copy of <paramref name="options"/> that trains with this recipe (everything else kept).</summary>
    public CtrTrainingOptions ApplyTo(CtrTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var copy = options.With(options.Seed, options.Threads);
        copy.Optimizer = Optimizer;
        copy.LearningRate = LearningRate;
        copy.EmbeddingLearningRate = EmbeddingLearningRate;
        copy.WeightDecay = WeightDecay;
        copy.EmbeddingL2 = EmbeddingL2;
        copy.BatchSize = BatchSize;
        copy.Dropout = Dropout;
        return copy;
    }

    /// <summary>The recipe as name → invariant-culture text (the model info's form).</summary>
    public IReadOnlyDictionary<string, string> ToDictionary() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["optimizer"] = Optimizer.ToString(),
        ["learningRate"] = Text(LearningRate),
        ["embeddingLearningRate"] = Text(EmbeddingLearningRate),
        ["weightDecay"] = Text(WeightDecay),
        ["embeddingL2"] = Text(EmbeddingL2),
        ["batchSize"] = BatchSize.ToString(CultureInfo.InvariantCulture),
        ["dropout"] = Text(Dropout),
    };

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Optimizer} lr {LearningRate:G3} emb-lr {EmbeddingLearningRate:G3} wd {WeightDecay:G3} emb-l2 {EmbeddingL2:G3} batch {BatchSize}{(Dropout > 0 ? " dropout " : "")}{(Dropout > 0 ? Dropout : null):G3}");

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

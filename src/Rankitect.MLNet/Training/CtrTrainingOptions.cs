namespace Rankitect.Training;

/// <summary>Optimizers the training loop offers.</summary>
public enum OptimizerKind
{
    /// <summary>Adam (Kingma and Ba); default learning rate 0.001.</summary>
    Adam,

    /// <summary>Adagrad, NASRec's choice for CTR models; default learning rate 0.05.</summary>
    Adagrad,

    /// <summary>Plain stochastic gradient descent; default learning rate 0.5 (embeddings start near zero and need
    /// large steps).</summary>
    Sgd,
}

/// <summary>Options of <see cref="CtrTrainer"/>. Defaults suit Criteo-shaped data on a CPU.</summary>
public sealed class CtrTrainingOptions
{
    /// <summary>The optimizer. Default: <see cref="OptimizerKind.Adam"/>.</summary>
    public OptimizerKind Optimizer { get; set; } = OptimizerKind.Adam;

    /// <summary>Learning rate. Default: null, which means the optimizer's own default (see <see cref="OptimizerKind"/>).</summary>
    public double? LearningRate { get; set; }

    /// <summary>L2 weight decay. Default: 0.</summary>
    public double WeightDecay { get; set; }

    /// <summary>Rows per minibatch. Default: 512.</summary>
    public int BatchSize { get; set; } = 512;

    /// <summary>Most passes over the training data. Default: 10.</summary>
    public int MaxEpochs { get; set; } = 10;

    /// <summary>Validation passes per epoch (the checkpoints early stopping compares). CTR models often overfit
    /// within their second epoch, so checking mid-epoch finds a better stopping point. Default: 2.</summary>
    public int EvaluationsPerEpoch { get; set; } = 2;

    /// <summary>Stop after this many validations in a row without a better validation NE; the best weights are
    /// restored. Default: 2.</summary>
    public int EarlyStoppingPatience { get; set; } = 2;

    /// <summary>Seed of weight initialization (when the trainer creates the model) and of the per-epoch shuffle.
    /// Default: 0.</summary>
    public int Seed { get; set; }

    /// <summary>TorchSharp intra-op threads. Default: null, which means <see cref="Environment.ProcessorCount"/>.</summary>
    public int? Threads { get; set; }

    /// <summary>Rows per batch when predicting. Default: 8192.</summary>
    public int PredictionBatchSize { get; set; } = 8192;

    /// <summary>The learning rate actually used.</summary>
    public double EffectiveLearningRate => LearningRate ?? Optimizer switch
    {
        OptimizerKind.Adagrad => 0.05,
        OptimizerKind.Sgd => 0.5,
        _ => 0.001,
    };

    /// <summary>A copy with the seed and thread count replaced.</summary>
    internal CtrTrainingOptions With(int seed, int? threads) => new()
    {
        Optimizer = Optimizer, LearningRate = LearningRate, WeightDecay = WeightDecay, BatchSize = BatchSize,
        MaxEpochs = MaxEpochs, EvaluationsPerEpoch = EvaluationsPerEpoch, EarlyStoppingPatience = EarlyStoppingPatience,
        Seed = seed, Threads = threads ?? Threads, PredictionBatchSize = PredictionBatchSize,
    };

    internal void Validate()
    {
        void Positive(int value, string name)
        {
            if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
        }
        Positive(BatchSize, nameof(BatchSize));
        Positive(MaxEpochs, nameof(MaxEpochs));
        Positive(EvaluationsPerEpoch, nameof(EvaluationsPerEpoch));
        Positive(EarlyStoppingPatience, nameof(EarlyStoppingPatience));
        Positive(PredictionBatchSize, nameof(PredictionBatchSize));
        if (Threads is <= 0)
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be positive.");
        if (!(EffectiveLearningRate > 0) || double.IsInfinity(EffectiveLearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "LearningRate must be a positive number.");
        if (!(WeightDecay >= 0))
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, "WeightDecay must be >= 0.");
    }
}

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
/// <remarks>
/// The recipe settings a hyperparameter search varies (<see cref="Optimizer"/>, <see cref="LearningRate"/>,
/// <see cref="EmbeddingLearningRate"/>, <see cref="WeightDecay"/>, <see cref="EmbeddingL2"/>, <see cref="BatchSize"/>,
/// <see cref="Dropout"/>)
/// remember whether they were set: a value the user sets is fixed, the others are the search's defaults.
/// </remarks>
public sealed class CtrTrainingOptions
{
    private OptimizerKind? _optimizer;
    private double? _weightDecay;
    private double? _embeddingL2;
    private int? _batchSize;
    private double? _dropout;

    /// <summary>The optimizer. Default: <see cref="OptimizerKind.Adam"/>.</summary>
    public OptimizerKind Optimizer { get => _optimizer ?? OptimizerKind.Adam; set => _optimizer = value; }

    /// <summary>Learning rate of the dense layers (and of the embedding tables unless <see cref="EmbeddingLearningRate"/>
    /// is set). Default: null, which means the optimizer's own default (see <see cref="OptimizerKind"/>).</summary>
    public double? LearningRate { get; set; }

    /// <summary>Learning rate of the embedding tables, which see each row rarely and often want larger steps than the
    /// dense layers. Default: null, which means the dense learning rate.</summary>
    public double? EmbeddingLearningRate { get; set; }

    /// <summary>L2 weight decay of the dense layers. Default: 0.</summary>
    public double WeightDecay { get => _weightDecay ?? 0; set => _weightDecay = value; }

    /// <summary>L2 penalty on the embedding rows a step looks up (added to their gradient, like weight decay). Default: 0.</summary>
    public double EmbeddingL2 { get => _embeddingL2 ?? 0; set => _embeddingL2 = value; }

    /// <summary>Rows per minibatch. Default: 512.</summary>
    public int BatchSize { get => _batchSize ?? 512; set => _batchSize = value; }

    /// <summary>Probability of zeroing each activation after the ReLUs of the network's MLPs while training (inverted
    /// dropout with a mask stream seeded from <see cref="Seed"/>; scoring is unaffected), in [0, 1). Networks without an
    /// MLP ignore it. Default: 0.</summary>
    public double Dropout { get => _dropout ?? 0; set => _dropout = value; }

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

    /// <summary>The dense learning rate actually used.</summary>
    public double EffectiveLearningRate => LearningRate ?? DefaultLearningRate(Optimizer);

    /// <summary>The embedding learning rate actually used.</summary>
    public double EffectiveEmbeddingLearningRate => EmbeddingLearningRate ?? EffectiveLearningRate;

    /// <summary>The learning rate <paramref name="optimizer"/> uses when none is set.</summary>
    public static double DefaultLearningRate(OptimizerKind optimizer) => optimizer switch
    {
        OptimizerKind.Adagrad => 0.05,
        OptimizerKind.Sgd => 0.5,
        _ => 0.001,
    };

    /// <summary>Whether the user set <paramref name="setting"/> (so a hyperparameter search keeps it fixed).</summary>
    internal bool IsSet(TrainingSetting setting) => setting switch
    {
        TrainingSetting.Optimizer => _optimizer is not null,
        TrainingSetting.LearningRate => LearningRate is not null,
        TrainingSetting.EmbeddingLearningRate => EmbeddingLearningRate is not null,
        TrainingSetting.WeightDecay => _weightDecay is not null,
        TrainingSetting.EmbeddingL2 => _embeddingL2 is not null,
        TrainingSetting.BatchSize => _batchSize is not null,
        TrainingSetting.Dropout => _dropout is not null,
        _ => throw new ArgumentOutOfRangeException(nameof(setting), setting, null),
    };

    /// <summary>A copy with the seed and thread count replaced.</summary>
    internal CtrTrainingOptions With(int seed, int? threads)
    {
        var copy = (CtrTrainingOptions)MemberwiseClone();
        copy.Seed = seed;
        copy.Threads = threads ?? Threads;
        return copy;
    }

    internal void Validate()
    {
        // Each message names the option and the value, so it still says everything when only its first line is shown.
        void Positive(int value, string name)
        {
            if (value <= 0) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive; got {value}.");
        }
        Positive(BatchSize, nameof(BatchSize));
        Positive(MaxEpochs, nameof(MaxEpochs));
        Positive(EvaluationsPerEpoch, nameof(EvaluationsPerEpoch));
        Positive(EarlyStoppingPatience, nameof(EarlyStoppingPatience));
        Positive(PredictionBatchSize, nameof(PredictionBatchSize));
        if (Threads is <= 0)
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, $"Threads must be positive; got {Threads}.");
        if (!Enum.IsDefined(Optimizer))
            throw new ArgumentOutOfRangeException(nameof(Optimizer), Optimizer, $"Optimizer must be Adam, Adagrad or Sgd; got {Optimizer}.");
        if (!(EffectiveLearningRate > 0) || double.IsInfinity(EffectiveLearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, $"LearningRate must be a positive number; got {LearningRate}.");
        if (!(EffectiveEmbeddingLearningRate > 0) || double.IsInfinity(EffectiveEmbeddingLearningRate))
            throw new ArgumentOutOfRangeException(nameof(EmbeddingLearningRate), EmbeddingLearningRate, $"EmbeddingLearningRate must be a positive number; got {EmbeddingLearningRate}.");
        if (!(WeightDecay >= 0) || double.IsInfinity(WeightDecay))
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), WeightDecay, $"WeightDecay must be a finite number >= 0; got {WeightDecay}.");
        if (!(EmbeddingL2 >= 0) || double.IsInfinity(EmbeddingL2))
            throw new ArgumentOutOfRangeException(nameof(EmbeddingL2), EmbeddingL2, $"EmbeddingL2 must be a finite number >= 0; got {EmbeddingL2}.");
        if (!(Dropout >= 0 && Dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, $"Dropout must be in [0, 1); got {Dropout}.");
    }
}

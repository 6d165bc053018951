namespace Rankitect.Training;

/// <summary>The settings of a <see cref="CtrTrainingOptions"/> recipe a hyperparameter search may vary.</summary>
public enum TrainingSetting
{
    /// <summary><see cref="CtrTrainingOptions.Optimizer"/>.</summary>
    Optimizer,

    /// <summary><see cref="CtrTrainingOptions.LearningRate"/> (dense layers).</summary>
    LearningRate,

    /// <summary><see cref="CtrTrainingOptions.EmbeddingLearningRate"/>.</summary>
    EmbeddingLearningRate,

    /// <summary><see cref="CtrTrainingOptions.WeightDecay"/> (dense layers).</summary>
    WeightDecay,

    /// <summary><see cref="CtrTrainingOptions.EmbeddingL2"/>.</summary>
    EmbeddingL2,

    /// <summary><see cref="CtrTrainingOptions.BatchSize"/>.</summary>
    BatchSize,

    /// <summary><see cref="CtrTrainingOptions.Dropout"/>.</summary>
    Dropout,
}

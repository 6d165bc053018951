using Rankitect.Evaluation;

namespace Rankitect.Training;

/// <summary>Why training ended.</summary>
public enum TrainingStopReason
{
    /// <summary>All epochs ran.</summary>
    Completed,

    /// <summary>Validation NE stopped improving.</summary>
    EarlyStopped,

    /// <summary>The cancellation token fired; the best weights validated so far are kept.</summary>
    Cancelled,

    /// <summary>The loss or the validation predictions became NaN or infinite; the best checkpoint before that is kept.</summary>
    Diverged,
}

/// <summary>Progress of a training run, reported after every validation.</summary>
/// <param name="Epoch">Epoch in progress, from 1.</param>
/// <param name="Step">Optimizer steps so far.</param>
/// <param name="TrainLoss">Mean training log loss (nats) since the previous report.</param>
/// <param name="Validation">Validation metrics at this checkpoint.</param>
/// <param name="ElapsedSeconds">Seconds since training began.</param>
public sealed record TrainingProgress(int Epoch, long Step, double TrainLoss, CtrMetrics Validation, double ElapsedSeconds);

/// <summary>The outcome of <see cref="CtrTrainer.Train"/>; the model holds the best weights.</summary>
/// <param name="BestValidation">Validation metrics of the kept weights.</param>
/// <param name="BestCheckpoint">Index (from 0) of the validation that produced the kept weights.</param>
/// <param name="History">Every validation checkpoint, in order.</param>
/// <param name="StopReason">Why training ended.</param>
/// <param name="Steps">Optimizer steps taken.</param>
/// <param name="TrainingSeconds">Seconds spent in optimizer steps (forward, backward, update, batching).</param>
/// <param name="TotalSeconds">Wall seconds of the whole run, validation included.</param>
/// <param name="SamplesPerSecond">Training rows processed per second of <paramref name="TrainingSeconds"/>.</param>
public sealed record TrainingResult(
    CtrMetrics BestValidation,
    int BestCheckpoint,
    IReadOnlyList<TrainingProgress> History,
    TrainingStopReason StopReason,
    long Steps,
    double TrainingSeconds,
    double TotalSeconds,
    double SamplesPerSecond);

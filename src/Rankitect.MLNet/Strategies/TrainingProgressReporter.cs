using Rankitect.Training;

namespace Rankitect.Strategies;

/// <summary>Forwards training checkpoints to a strategy's progress sink.</summary>
internal sealed class TrainingProgressReporter(Action<string, string> report, string phase) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value)
        => report(phase, $"epoch {value.Epoch}, step {value.Step}: train loss {value.TrainLoss:F4}, validation NE {value.Validation.NormalizedEntropy:F4}");
}

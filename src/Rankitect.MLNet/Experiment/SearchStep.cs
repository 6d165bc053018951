namespace Rankitect.Experiment;

/// <summary>One recorded step of a search: what the strategy saw and believed at that point.</summary>
/// <param name="Step">Step number, from 1.</param>
/// <param name="Epoch">Epoch of the step, from 1.</param>
/// <param name="WeightLoss">Training loss of the weights (nats).</param>
/// <param name="ArchitectureLoss">Loss of the architecture step including its cost term, when there is one.</param>
/// <param name="Temperature">Gumbel-softmax temperature, when the strategy has one.</param>
/// <param name="Probabilities">Per choice name, the probability of each candidate.</param>
public sealed record SearchStep(int Step, int Epoch, double WeightLoss, double? ArchitectureLoss, double? Temperature,
    IReadOnlyDictionary<string, double[]> Probabilities)
{
    /// <summary>True for the summary at the end of an epoch (losses are the epoch's means); false for one step.</summary>
    public bool IsEpochEnd { get; init; }

    /// <summary>Expected FLOPs per example under the strategy's architecture distribution, when it has one.</summary>
    public double? ExpectedFlops { get; init; }
}

using Rankitect.Evaluation;
using Rankitect.SearchSpaces.Modules;

namespace Rankitect.Experiment;

/// <summary>A trial's result and, for a from-scratch training, the trained network (owned by the receiver: dispose it,
/// or this outcome, when it is not kept).</summary>
/// <param name="Result">What the trial measured.</param>
/// <param name="Model">The trained network holding its best validation weights: set when a from-scratch training
/// completed, or was cancelled after its first validation checkpoint (<see cref="TrialStatus.Cancelled"/>); null
/// otherwise.</param>
public sealed record TrialOutcome(TrialResult Result, CtrModule? Model) : IDisposable
{
    /// <summary>Validation metrics of <see cref="Model"/>'s weights as the training measured them at its kept checkpoint
    /// (null when unknown): the experiment uses them for the final network instead of predicting the validation rows again.</summary>
    internal CtrMetrics? Validation { get; init; }

    /// <summary>Disposes <see cref="Model"/>.</summary>
    public void Dispose() => Model?.Dispose();
}

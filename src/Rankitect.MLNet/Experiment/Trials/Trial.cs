using Rankitect.Training;

namespace Rankitect.Experiment;

/// <summary>One proposed evaluation: an architecture of the space (one candidate index per choice) at a fidelity.</summary>
/// <param name="Id">Trial number, from 0, in proposal order; the trial's training seed derives from it.</param>
/// <param name="Indices">The architecture: one candidate index per choice of the space.</param>
/// <param name="Fidelity">How thoroughly to evaluate it.</param>
/// <param name="ParentId">The trial this architecture was mutated from (evolution) or retrains (full fidelity), or null
/// when it was sampled.</param>
public sealed record Trial(int Id, IReadOnlyList<int> Indices, TrialFidelity Fidelity, int? ParentId = null)
{
    /// <summary>The training recipe to train with; null for the experiment's own training options.</summary>
    public TrainingRecipe? Recipe { get; init; }

    /// <summary>The successive-halving rung of a low-fidelity trial (<see cref="FidelityOptions.At"/>): 0 for a new
    /// proposal, one more for each promotion. Default: 0.</summary>
    public int Rung { get; init; }
}

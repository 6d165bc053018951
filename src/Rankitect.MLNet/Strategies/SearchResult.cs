using Rankitect.Evaluation;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Strategies.Tuning;

namespace Rankitect.Strategies;

/// <summary>One recorded step of a search: what the strategy saw and believed at that point.</summary>
/// <param name="Step">Step number, from 1.</param>
/// <param name="Epoch">Epoch of the step, from 1.</param>
/// <param name="WeightLoss">Training loss of the weights (nats).</param>
/// <param name="ArchitectureLoss">Loss of the architecture step including its cost term, when there is one.</param>
/// <param name="Temperature">Gumbel-softmax temperature, when the strategy has one.</param>
/// <param name="Probabilities">Per choice name, the probability of each candidate.</param>
public sealed record SearchStep(int Step, int Epoch, double WeightLoss, double? ArchitectureLoss, double? Temperature,
    IReadOnlyDictionary<string, double[]> Probabilities);

/// <summary>What a search strategy hands back: the retrained network and what is known about it.</summary>
/// <param name="Model">The final network, trained, holding its best validation weights.</param>
/// <param name="Architecture">A readable description of the architecture.</param>
/// <param name="ArchitectureJson">The architecture as JSON (rebuilds the same network).</param>
/// <param name="Flops">FLOPs per example of the inference graph (multiply-add = 2).</param>
/// <param name="Parameters">Trainable parameters, embedding rows included.</param>
/// <param name="Validation">Validation metrics of the final network.</param>
/// <param name="History">The search's recorded steps (empty when nothing was searched).</param>
/// <param name="Cancelled">True when the fit was cancelled and this is the best result at that point.</param>
/// <param name="SearchSeconds">Wall seconds of the search proper (0 when nothing was searched).</param>
/// <param name="TrainSeconds">Wall seconds of the final training of the returned network.</param>
/// <param name="Strategy">Name of the strategy, e.g. <c>dnas</c> or <c>regularized-evolution</c>.</param>
/// <param name="Space">The searched space (its name, choices and architecture descriptions).</param>
/// <param name="Trials">Every architecture the strategy evaluated, at every fidelity, in evaluation order.</param>
public sealed record SearchResult(
    CtrModule Model,
    string Architecture,
    string ArchitectureJson,
    long Flops,
    long Parameters,
    CtrMetrics Validation,
    IReadOnlyList<SearchStep> History,
    bool Cancelled,
    double SearchSeconds,
    double TrainSeconds,
    string Strategy,
    IArchitectureSpace Space,
    IReadOnlyList<TrialResult> Trials)
{
    /// <summary>One-shot search: Kendall tau between supernet scores and stand-alone training; null otherwise.</summary>
    public double? SupernetKendallTau { get; init; }
}

using Rankitect.Evaluation;
using Rankitect.SearchSpaces.Cost;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Training;

namespace Rankitect.Strategies.Dnas;

/// <summary>The outcome of a DNAS search. Owns <see cref="Model"/> (dispose the result or the model).</summary>
/// <param name="Indices">The derived architecture (argmax of theta per choice): a candidate index per choice of the space.</param>
/// <param name="Architecture">The derived architecture, readable (<see cref="IArchitectureSpace.Describe"/>).</param>
/// <param name="ArchitectureJson">The derived architecture as the space's JSON.</param>
/// <param name="Cost">Its analytic cost: FLOPs per example, parameters, embedding size.</param>
/// <param name="Model">The derived architecture retrained from scratch, holding its best validation weights.</param>
/// <param name="Validation">Validation metrics of <see cref="Model"/>.</param>
/// <param name="Retraining">The retraining run.</param>
/// <param name="History">Theta steps and epoch ends of the search, in order (weight steps are only reported).</param>
/// <param name="FinalProbabilities">softmax(theta) per choice when the architecture was derived.</param>
/// <param name="Cancelled">True when the search or the retraining was cancelled and this is the best result then.</param>
public sealed record DnasResult(
    IReadOnlyList<int> Indices,
    string Architecture,
    string ArchitectureJson,
    ArchitectureCost Cost,
    CtrModule Model,
    CtrMetrics Validation,
    TrainingResult Retraining,
    IReadOnlyList<DnasProgress> History,
    IReadOnlyList<ChoiceProbabilities> FinalProbabilities,
    bool Cancelled) : IDisposable
{
    /// <summary>Disposes <see cref="Model"/>.</summary>
    public void Dispose() => Model.Dispose();
}

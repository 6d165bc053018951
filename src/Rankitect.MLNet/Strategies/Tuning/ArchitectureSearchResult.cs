using Rankitect.SearchSpaces.Modules;

namespace Rankitect.Strategies.Tuning;

/// <summary>What an architecture search hands back: the chosen network and every architecture it evaluated. Owns
/// <see cref="Model"/> (dispose the result or the model).</summary>
/// <param name="Strategy">Name of the strategy, e.g. <c>regularized-evolution</c> or <c>one-shot</c>.</param>
/// <param name="Best">The result of the returned network: a full-fidelity retraining, or, when cancellation left no
/// retraining finished, the best low-fidelity trial.</param>
/// <param name="Model">The trained network of <see cref="Best"/>, holding its best validation weights.</param>
/// <param name="Architecture">A readable description of <see cref="Best"/>'s architecture.</param>
/// <param name="ArchitectureJson">The architecture as JSON (<c>space.FromJson</c> gives back its indices).</param>
/// <param name="Trials">Every evaluated architecture, at every fidelity, in evaluation order (failed and cancelled
/// trials included); the Pareto front of NE against FLOPs comes from these (<see cref="ParetoFront"/>).</param>
/// <param name="Cancelled">True when the search was cancelled and this is the best result at that point.</param>
/// <param name="SearchSeconds">Wall seconds before the full-fidelity retraining.</param>
/// <param name="RetrainingSeconds">Wall seconds of the full-fidelity retraining.</param>
public record ArchitectureSearchResult(
    string Strategy,
    TrialResult Best,
    CtrModule Model,
    string Architecture,
    string ArchitectureJson,
    IReadOnlyList<TrialResult> Trials,
    bool Cancelled,
    double SearchSeconds,
    double RetrainingSeconds) : IDisposable
{
    /// <summary>The chosen architecture's indices.</summary>
    public IReadOnlyList<int> Indices => Best.Indices;

    /// <summary>The non-dominated (NE, FLOPs) results of one fidelity (<see cref="Tuning.ParetoFront.Of"/>).</summary>
    public IReadOnlyList<TrialResult> ParetoFrontOf(TrialFidelity fidelity)
        => Tuning.ParetoFront.Of(Trials.Where(t => t.Fidelity == fidelity));

    /// <summary>Disposes <see cref="Model"/>.</summary>
    public void Dispose()
    {
        Model.Dispose();
        GC.SuppressFinalize(this);
    }
}

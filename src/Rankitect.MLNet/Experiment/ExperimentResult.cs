using Rankitect.Evaluation;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Cost;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Training;

namespace Rankitect.Experiment;

/// <summary>What <see cref="RankitectExperiment.RunAsync"/> returns: the final network, trained and holding its best
/// validation weights, and every trial. Owns <see cref="Model"/> (dispose the result or the model).</summary>
public sealed class ExperimentResult : IDisposable
{
    internal ExperimentResult(CtrModule model, TrialResult bestTrial, IReadOnlyList<TrialResult> trials, IArchitectureSpace space,
        string strategy, CtrMetrics validation, bool cancelled, double searchSeconds, double trainSeconds, SearchOutcome outcome,
        PreparedCtrData data, int seed, bool reproducible, double tuningSeconds)
    {
        Reproducible = reproducible;
        TuningSeconds = tuningSeconds;
        Model = model;
        BestTrial = bestTrial;
        Trials = trials;
        Space = space;
        Strategy = strategy;
        Validation = validation;
        Cancelled = cancelled;
        SearchSeconds = searchSeconds;
        TrainSeconds = trainSeconds;
        History = outcome.History;
        SupernetKendallTau = outcome.SupernetKendallTau;
        Data = data;
        Seed = seed;
        Cost = TrialArchitecture.CostOf(space, bestTrial);
    }

    /// <summary>The final network.</summary>
    public CtrModule Model { get; }

    /// <summary>The trial that trained <see cref="Model"/>.</summary>
    public TrialResult BestTrial { get; }

    /// <summary>Every trial, at every fidelity, in recording order (the final one included).</summary>
    public IReadOnlyList<TrialResult> Trials { get; }

    /// <summary>The non-dominated (validation NE, FLOPs) trials at the comparable fidelity (the full-fidelity
    /// retrainings when there are any), cheapest first.</summary>
    public IReadOnlyList<TrialResult> ParetoFront => ArchitectureSelection.Front(Trials);

    /// <summary>The searched space.</summary>
    public IArchitectureSpace Space { get; }

    /// <summary>The strategy's name, e.g. <c>dnas</c>.</summary>
    public string Strategy { get; }

    /// <summary>The chosen architecture, readable (an ensemble lists its members').</summary>
    public string Architecture => TrialArchitecture.Describe(Space, BestTrial);

    /// <summary>The chosen architecture as the space's JSON; for an ensemble <c>{"ensemble": "mean-probability",
    /// "members": [...]}</c> with each member's JSON.</summary>
    public string ArchitectureJson => TrialArchitecture.ToJson(Space, BestTrial);

    /// <summary>True when <see cref="Model"/> is an ensemble (<see cref="SearchSpaces.Modules.CtrEnsemble"/>) of the
    /// retrained networks in <see cref="BestTrial"/>'s <see cref="TrialResult.Members"/>.</summary>
    public bool IsEnsemble => BestTrial.IsEnsemble;

    /// <summary>The chosen architecture's analytic cost (FLOPs per example, parameters, embedding size); an ensemble's
    /// is the sum of its members'.</summary>
    public ArchitectureCost Cost { get; }

    /// <summary>Validation metrics of <see cref="Model"/>.</summary>
    public CtrMetrics Validation { get; }

    /// <summary>True when the run was cancelled or out of time and this is the best network at that point.</summary>
    public bool Cancelled { get; }

    /// <summary>True when the same data, options, seed and thread count give this result again to the last bit:
    /// <see cref="RankitectExperiment.SetDeterministic"/> was on and no cancellation or time budget stopped any phase.</summary>
    public bool Reproducible { get; }

    /// <summary>Wall seconds of the strategy's search.</summary>
    public double SearchSeconds { get; }

    /// <summary>Wall seconds of the post-search stage (retraining, pick, recipe search, fallback).</summary>
    public double TrainSeconds { get; }

    /// <summary>Wall seconds of the training-recipe search, part of <see cref="TrainSeconds"/> (0 when none ran): with
    /// <see cref="SearchSeconds"/>, the time spent searching, which a tuned baseline should get too.</summary>
    public double TuningSeconds { get; }

    /// <summary>The search's recorded steps (DNAS); empty for other strategies.</summary>
    public IReadOnlyList<SearchStep> History { get; }

    /// <summary>One-shot search: Kendall tau-b of supernet scores against stand-alone training; null otherwise.</summary>
    public double? SupernetKendallTau { get; }

    /// <summary>The featurized data (and the fitted featurization) the experiment ran on.</summary>
    public PreparedCtrData Data { get; }

    /// <summary>The seed the experiment ran with.</summary>
    public int Seed { get; }

    /// <summary>Disposes <see cref="Model"/>.</summary>
    public void Dispose() => Model.Dispose();
}

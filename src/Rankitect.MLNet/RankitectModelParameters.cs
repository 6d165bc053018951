using Rankitect.Data;
using Rankitect.Evaluation;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.Experiment;
using Rankitect.Serving;

namespace Rankitect;

/// <summary>What a fitted Rankitect model is: its architecture, cost, validation quality and search history.</summary>
public sealed class RankitectModelParameters
{
    private readonly IArchitectureSpace _space;

    internal RankitectModelParameters(ExperimentResult result, SearchStrategy strategy, byte[] onnxModel, RankitectModelInfo info)
    {
        Architecture = result.Architecture;
        ArchitectureJson = result.ArchitectureJson;
        Flops = result.Cost.Flops;
        Parameters = result.Model.ParameterCount;
        Validation = result.Validation;
        History = result.History;
        Cancelled = result.Cancelled;
        Reproducible = result.Reproducible;
        SearchSeconds = result.SearchSeconds;
        _space = result.Space;
        SearchSpace = result.Space.Name;
        StrategyName = result.Strategy;
        Trials = result.Trials;
        ParetoFront = result.ParetoFront;
        SupernetKendallTau = result.SupernetKendallTau;
        TrainSeconds = result.TrainSeconds;
        TuningSeconds = result.TuningSeconds;
        FeatureSchema = result.Data.Schema;
        Strategy = strategy;
        OnnxModel = onnxModel;
        Info = info;
        IsEnsemble = result.IsEnsemble;
    }

    /// <summary>The chosen architecture, readable.</summary>
    public string Architecture { get; }

    /// <summary>The chosen architecture as JSON.</summary>
    public string ArchitectureJson { get; }

    /// <summary>FLOPs per example of the scoring network (multiply-add = 2; embedding lookups 0); an ensemble's are the sum
    /// of its members'.</summary>
    public long Flops { get; }

    /// <summary>Trainable parameters, embedding rows included.</summary>
    public long Parameters { get; }

    /// <summary>Validation NE, AUC, LogLoss (nats) and calibration of the returned network.</summary>
    public CtrMetrics Validation { get; }

    /// <summary>The search history: per step, losses, temperature and architecture probabilities per choice.</summary>
    public IReadOnlyList<SearchStep> History { get; }

    /// <summary>True when the fit was cancelled (or its <see cref="RankitectOptions.TimeBudget"/> ran out) and this is
    /// the best network found before that.</summary>
    public bool Cancelled { get; }

    /// <summary>True when the same data, options, seed and thread count fit this model again to the last bit:
    /// <see cref="RankitectOptions.Deterministic"/> was on and no cancellation or time budget stopped any phase
    /// (a wall-clock budget stops the search wherever the machine's speed puts it).</summary>
    public bool Reproducible { get; }

    /// <summary>Wall seconds of the architecture search proper (0 for a fixed architecture).</summary>
    public double SearchSeconds { get; }

    /// <summary>Wall seconds of training the returned network (the retraining after a search).</summary>
    public double TrainSeconds { get; }

    /// <summary>Wall seconds of the training-recipe search (part of <see cref="TrainSeconds"/>; 0 when none ran).
    /// <see cref="SearchSeconds"/> plus this is the time the fit spent searching.</summary>
    public double TuningSeconds { get; }

    /// <summary>Name of the searched space, e.g. <c>dlrm</c>, <c>block-small</c>.</summary>
    public string SearchSpace { get; }

    /// <summary>Name of the strategy as it reports itself, e.g. <c>dnas</c>, <c>regularized-evolution</c>.</summary>
    public string StrategyName { get; }

    /// <summary>Every architecture the search evaluated, in order: validation NE, AUC, LogLoss, FLOPs, parameters,
    /// embedding bytes, strategy, fidelity, seconds (the returned one included).</summary>
    public IReadOnlyList<TrialResult> Trials { get; }

    /// <summary>The non-dominated (validation NE, FLOPs) trials among those evaluated at the same fidelity (the
    /// full-fidelity retrainings when there are any), cheapest first.</summary>
    public IReadOnlyList<TrialResult> ParetoFront { get; }

    /// <summary>A readable description of an evaluated architecture (a trial's <see cref="TrialResult.Indices"/>).</summary>
    /// <exception cref="ArgumentException">The indices are not an architecture of the searched space.</exception>
    public string DescribeArchitecture(IReadOnlyList<int> indices)
    {
        _space.ThrowIfInvalid(indices);
        return _space.Describe(indices);
    }

    /// <summary>A readable description of an evaluated trial's network: its architecture, or for the ensemble of retrained
    /// networks (<see cref="TrialResult.IsEnsemble"/>) its members' architectures.</summary>
    /// <exception cref="ArgumentException">The trial is not of the searched space.</exception>
    public string DescribeTrial(TrialResult trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        foreach (var indices in trial.Members?.Select(m => m.Indices) ?? [trial.Indices])
            _space.ThrowIfInvalid(indices);
        return TrialArchitecture.Describe(_space, trial);
    }

    /// <summary>True when the model is an ensemble of retrained networks whose click probabilities it averages
    /// (<see cref="RankitectOptions.EnsembleSize"/>); <see cref="Info"/> lists them.</summary>
    public bool IsEnsemble { get; }

    /// <summary>One-shot search: Kendall tau-b between supernet (inherited-weight) scores and stand-alone training
    /// over a sample of architectures; null for other strategies.</summary>
    public double? SupernetKendallTau { get; }

    /// <summary>The features the network reads.</summary>
    public FeatureSchema FeatureSchema { get; }

    /// <summary>The strategy shortcut of the options (see <see cref="StrategyName"/> for a custom strategy).</summary>
    public SearchStrategy Strategy { get; }

    /// <summary>The network as ONNX bytes (inputs: the featurized columns; outputs: logit and probability; metadata:
    /// <see cref="Info"/>).</summary>
    public byte[] OnnxModel { get; }

    /// <summary>What the model is, as stored in its model zip and read back by <see cref="RankitectModelInfo.Load(string)"/>
    /// or <see cref="RankitectModelInfo.FromTransformer"/> where Rankitect.MLNet is not loaded: architecture, cost,
    /// features, validation metrics, the fit's settings and the trial table.</summary>
    public RankitectModelInfo Info { get; }

    /// <summary>True when the validation NE is 1 or more: the network predicts no better than the base rate. The CLI
    /// refuses to save such a model unless asked to, and the report and the model info flag it.</summary>
    public bool IsWorseThanBaseRate => !(Validation.NormalizedEntropy < 1);

    /// <inheritdoc/>
    public override string ToString()
        => $"{Architecture}; {Flops:N0} FLOPs/example, {Parameters:N0} parameters; validation NE {Validation.NormalizedEntropy:F4}, AUC {Validation.Auc:F4}";
}

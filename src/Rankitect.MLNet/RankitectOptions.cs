using Microsoft.ML;
using Rankitect.Data;
using Rankitect.Featurize;
using Rankitect.Strategies.Dnas;
using Rankitect.Training;

namespace Rankitect;

/// <summary>How Rankitect finds the network it returns.</summary>
public enum SearchStrategy
{
    /// <summary>Differentiable NAS (Gumbel-softmax) over the DLRM-style space, then retraining of the derived
    /// architecture. The default.</summary>
    Dnas,

    /// <summary>No search: trains the hand-designed DLRM (<see cref="Rankitect.SearchSpaces.Models.DlrmConfig"/>
    /// defaults). The baseline every search is compared with.</summary>
    FixedDlrm,
}

/// <summary>Options of <c>mlContext.Ranking().Rankitect(...)</c>. Every default works on Criteo-shaped data on a
/// 2-core CPU.</summary>
public sealed class RankitectOptions
{
    /// <summary>The label column: Boolean, or Single/Double holding 0/1. Default: "Label".</summary>
    public string LabelColumnName { get; set; } = CtrColumnRoles.DefaultLabelColumnName;

    /// <summary>Dense feature columns. Default: null, inferred (every numeric or Boolean column).</summary>
    public IReadOnlyList<string>? DenseColumnNames { get; set; }

    /// <summary>Categorical feature columns. Default: null, inferred (every Text or key column).</summary>
    public IReadOnlyList<string>? CategoricalColumnNames { get; set; }

    /// <summary>Columns never used as features (ids, timestamps, weights). Default: none.</summary>
    public IReadOnlyList<string>? IgnoredColumnNames { get; set; }

    /// <summary>Featurization: categorical encoding, minimum count, hash bits, missing indicators.
    /// Default: <see cref="CtrFeaturizerOptions"/> defaults (vocabulary with minimum count 2).</summary>
    public CtrFeaturizerOptions Featurization { get; set; } = new();

    /// <summary>The search strategy. Default: <see cref="SearchStrategy.Dnas"/>.</summary>
    public SearchStrategy Strategy { get; set; } = SearchStrategy.Dnas;

    /// <summary>The DNAS search: space, epochs, learning rates of weights and architecture, temperature schedule,
    /// cost objective (<see cref="DnasOptions.CostWeight"/> or <see cref="DnasOptions.FlopsBudget"/>). Its seed,
    /// threads and retraining options are taken from this object. Default: <see cref="DnasOptions"/> defaults.</summary>
    public DnasOptions Search { get; set; } = new();

    /// <summary>Training of the final network (optimizer, learning rate, batch size, epochs, early stopping).
    /// Its <see cref="CtrTrainingOptions.Seed"/> and <see cref="CtrTrainingOptions.Threads"/> are overridden by
    /// <see cref="Seed"/> and <see cref="Threads"/>. Default: <see cref="CtrTrainingOptions"/> defaults.</summary>
    public CtrTrainingOptions Training { get; set; } = new();

    /// <summary>Share of the input rows held out (stratified by label) for validation when
    /// <see cref="ValidationData"/> is null. Default: 0.1.</summary>
    public double ValidationFraction { get; set; } = 0.1;

    /// <summary>Explicit validation rows, same schema as the training data. Default: null (split off the input).</summary>
    public IDataView? ValidationData { get; set; }

    /// <summary>Seed of the split, initialization, shuffling and search. Default: null, which means a seed drawn
    /// from the MLContext, so <c>new MLContext(seed: s)</c> gives the same model for the same s.</summary>
    public int? Seed { get; set; }

    /// <summary>TorchSharp threads. Default: null, which means <see cref="Environment.ProcessorCount"/>.</summary>
    public int? Threads { get; set; }

    /// <summary>Receives progress of featurization, search and training. Default: null.</summary>
    public IProgress<RankitectProgress>? Progress { get; set; }

    /// <summary>Wall-clock budget of the whole fit (featurization, search, retraining). When it runs out the fit
    /// stops as if cancelled and returns the best network found so far (<see cref="RankitectModelParameters.Cancelled"/>
    /// is true); if no network was trained by then it throws <see cref="TimeoutException"/>. Default: null (no budget;
    /// epochs bound the fit).</summary>
    public TimeSpan? TimeBudget { get; set; }

    /// <summary>Cancels the fit: it stops within a training step and keeps the best network found so far when
    /// there is one; otherwise it throws <see cref="OperationCanceledException"/>. Default: none.</summary>
    public CancellationToken CancellationToken { get; set; }

    internal CtrColumnOptions ColumnOptions() => new()
    {
        LabelColumnName = LabelColumnName,
        DenseColumnNames = DenseColumnNames,
        CategoricalColumnNames = CategoricalColumnNames,
        IgnoredColumnNames = IgnoredColumnNames,
    };

    internal void Validate()
    {
        if (!(ValidationFraction > 0 && ValidationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "ValidationFraction must be in (0, 1).");
        if (TimeBudget is { } budget && budget <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(TimeBudget), TimeBudget, "TimeBudget must be positive.");
        if (Threads is <= 0)
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "Threads must be positive.");
        ArgumentNullException.ThrowIfNull(Featurization, nameof(Featurization));
        ArgumentNullException.ThrowIfNull(Training, nameof(Training));
        ArgumentNullException.ThrowIfNull(Search, nameof(Search));
    }
}

/// <summary>Progress of a Rankitect fit.</summary>
/// <param name="Phase">"featurize", "search" or "train".</param>
/// <param name="Message">What happened, for logs.</param>
/// <param name="ElapsedSeconds">Seconds since the fit began.</param>
public sealed record RankitectProgress(string Phase, string Message, double ElapsedSeconds);

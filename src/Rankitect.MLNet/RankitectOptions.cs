using Microsoft.ML;
using Rankitect.Data;
using Rankitect.Featurize;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Blocks;
using Rankitect.SearchSpaces.Spaces;
using Rankitect.Strategies.Dnas;
using Rankitect.Strategies.Tuning;
using Rankitect.Training;

namespace Rankitect;

/// <summary>How Rankitect finds the network it returns. Every strategy runs on the space of
/// <see cref="RankitectOptions.Space"/> and reports every architecture it evaluates.</summary>
public enum SearchStrategy
{
    /// <summary>Differentiable NAS (Gumbel-softmax over a weight-sharing supernet), then retraining of the derived
    /// architecture (<see cref="RankitectOptions.Search"/>). The default.</summary>
    Dnas,

    /// <summary>One-shot NAS (NASRec): train the supernet once with single-path sampling, regularized evolution over
    /// sub-networks scored with inherited weights, retrain the top-k (<see cref="RankitectOptions.OneShot"/>).</summary>
    OneShot,

    /// <summary>Sampling-based NAS: regularized evolution, each candidate trained from scratch at low fidelity, the
    /// top-k retrained (<see cref="RankitectOptions.MultiTrial"/>).</summary>
    RegularizedEvolution,

    /// <summary>Sampling-based NAS: random search, each candidate trained from scratch at low fidelity, the top-k
    /// retrained (<see cref="RankitectOptions.MultiTrial"/>).</summary>
    RandomSearch,

    /// <summary>No search: trains the hand-designed DLRM (<see cref="Rankitect.SearchSpaces.Spaces.DlrmSpace.HandDesigned"/>
    /// in the default DLRM space). The baseline every search is compared with.</summary>
    FixedDlrm,
}

/// <summary>The search space of a Rankitect fit.</summary>
public enum SearchSpaceKind
{
    /// <summary>Search space 1, DLRM-style: bottom/top MLP widths, embedding dims and table sizes per field, the
    /// interaction op (<see cref="RankitectOptions.DlrmSpace"/>). The default.</summary>
    Dlrm,

    /// <summary>Search space 2, the NASRec block space with the Small operator set (FC, dot-product; EFC)
    /// (<see cref="BlockSpaceOptions.Small"/>, or <see cref="RankitectOptions.BlockSpace"/> when set).</summary>
    BlockSmall,

    /// <summary>Search space 2 with every operator (FC, dot-product, gating, sum, DCN-v2 cross, FM; EFC, attention,
    /// zeros) (<see cref="BlockSpaceOptions.Full"/>, or <see cref="RankitectOptions.BlockSpace"/> when set).</summary>
    BlockFull,
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

    /// <summary>The search space. Default: <see cref="SearchSpaceKind.Dlrm"/>. Ignored when <see cref="CustomSpace"/> is set.</summary>
    public SearchSpaceKind Space { get; set; } = SearchSpaceKind.Dlrm;

    /// <summary>The DLRM space's candidates (layers, widths, embedding dims, table sizes, interaction ops).
    /// Default: <see cref="DlrmSpaceOptions"/> defaults.</summary>
    public DlrmSpaceOptions DlrmSpace { get; set; } = new();

    /// <summary>The block space's declaration (blocks, operators, widths, connections). Default: null, the preset of
    /// <see cref="Space"/> (<see cref="BlockSpaceOptions.Small"/> or <see cref="BlockSpaceOptions.Full"/>).</summary>
    public BlockSpaceOptions? BlockSpace { get; set; }

    /// <summary>A space of the caller's own, built for the data's input shape (dense width, field cardinalities);
    /// every strategy except <see cref="SearchStrategy.FixedDlrm"/> runs on it unchanged. Default: null.</summary>
    public Func<CtrFeatureShape, IArchitectureSpace>? CustomSpace { get; set; }

    /// <summary>Most FLOPs per example of the returned network. Sampling-based and one-shot search never evaluate or
    /// retrain an architecture above it (the one-shot supernet still trains every path); DNAS adds a hinge penalty
    /// above it and derives the most probable architecture within it; the final pick keeps within it. Overrides the
    /// strategies' own budgets. Default: null (no budget).</summary>
    public long? FlopsBudget { get; set; }

    /// <summary>Weight c of the cost term of every strategy's objective, NE + c·ln(FLOPs). Overrides the strategies'
    /// own weights. Default: null (each strategy's default: DNAS 0.003, the others 0).</summary>
    public double? CostWeight { get; set; }

    /// <summary>Pick the returned architecture as the one with the fewest FLOPs whose validation NE is within this
    /// relative tolerance of the best evaluated (e.g. 0.01 = within 1%), retraining it when it is not the strategy's
    /// own pick. Compares architectures evaluated at the same fidelity (full-fidelity retrainings when there are
    /// any). Default: null (the strategy's best by its objective).</summary>
    public double? NeTolerance { get; set; }

    /// <summary>Wall-clock budget of the search proper of the chosen strategy (not featurization or the final
    /// retraining): DNAS stops its epochs, sampling-based and one-shot search stop proposing. Default: null (the
    /// strategy's own epochs and trial counts bound it).</summary>
    public TimeSpan? SearchTimeBudget { get; set; }

    /// <summary>Sampling-based search (<see cref="SearchStrategy.RegularizedEvolution"/>,
    /// <see cref="SearchStrategy.RandomSearch"/>): trials, low fidelity, parallelism, top-k. Its seed, threads and
    /// training options are taken from this object. Default: <see cref="MultiTrialSearchOptions"/> defaults.</summary>
    public MultiTrialSearchOptions MultiTrial { get; set; } = new();

    /// <summary>One-shot search (<see cref="SearchStrategy.OneShot"/>): supernet training, evolution over
    /// sub-networks, fine-tuning, top-k. Its seed, threads and retraining options are taken from this object.
    /// Default: <see cref="OneShotSearchOptions"/> defaults.</summary>
    public OneShotSearchOptions OneShot { get; set; } = new();

    /// <summary>The DNAS search (<see cref="SearchStrategy.Dnas"/>): epochs, learning rates of weights and architecture,
    /// temperature schedule, cost objective (<see cref="DnasOptions.CostWeight"/> or <see cref="DnasOptions.FlopsBudget"/>,
    /// unless <see cref="CostWeight"/> / <see cref="FlopsBudget"/> are set). Its seed, threads, retraining options and
    /// space (<see cref="Space"/>, not <see cref="DnasOptions.Space"/>) are taken from this object. Default: <see cref="DnasOptions"/> defaults.</summary>
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

    /// <summary>A shallow copy (the nested option objects are shared), e.g. to run the same fit with another strategy.</summary>
    public RankitectOptions Clone() => (RankitectOptions)MemberwiseClone();

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
        ArgumentNullException.ThrowIfNull(MultiTrial, nameof(MultiTrial));
        ArgumentNullException.ThrowIfNull(OneShot, nameof(OneShot));
        ArgumentNullException.ThrowIfNull(DlrmSpace, nameof(DlrmSpace));
        if (FlopsBudget is <= 0)
            throw new ArgumentOutOfRangeException(nameof(FlopsBudget), FlopsBudget, "FlopsBudget must be positive.");
        if (CostWeight is { } c && !(c >= 0))
            throw new ArgumentOutOfRangeException(nameof(CostWeight), CostWeight, "CostWeight must be zero or positive.");
        if (NeTolerance is { } t && !(t >= 0))
            throw new ArgumentOutOfRangeException(nameof(NeTolerance), NeTolerance, "NeTolerance must be zero or positive (relative, e.g. 0.01).");
        if (SearchTimeBudget is { } search && search <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(SearchTimeBudget), SearchTimeBudget, "SearchTimeBudget must be positive.");
        if (!Enum.IsDefined(Strategy))
            throw new ArgumentOutOfRangeException(nameof(Strategy), Strategy, "Unknown search strategy.");
        if (!Enum.IsDefined(Space))
            throw new ArgumentOutOfRangeException(nameof(Space), Space, "Unknown search space.");
    }
}

/// <summary>Progress of a Rankitect fit.</summary>
/// <param name="Phase">"featurize", "search" or "train".</param>
/// <param name="Message">What happened, for logs.</param>
/// <param name="ElapsedSeconds">Seconds since the fit began.</param>
public sealed record RankitectProgress(string Phase, string Message, double ElapsedSeconds);

using Microsoft.ML;
using Rankitect.Data;
using Rankitect.Featurize;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Blocks;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Experiment;
using Rankitect.Strategies.Dnas;
using Rankitect.Strategies.MultiTrial;
using Rankitect.Strategies.OneShot;
using Rankitect.Training;

namespace Rankitect;

/// <summary>The built-in strategies, as shortcuts (<see cref="RankitectOptions.CustomStrategy"/> takes any
/// <see cref="ISearchStrategy"/>). Every strategy runs on the space of <see cref="RankitectOptions.Space"/> and records
/// every architecture it evaluates; the experiment then retrains the top candidates.</summary>
public enum SearchStrategy
{
    /// <summary>Differentiable NAS (Gumbel-softmax over a weight-sharing supernet), then retraining of the derived
    /// architecture (<see cref="RankitectOptions.Dnas"/>). The default.</summary>
    Dnas,

    /// <summary>One-shot NAS (NASRec): train the supernet once with single-path sampling, regularized evolution over
    /// sub-networks scored with inherited weights; the top-k are retrained (<see cref="RankitectOptions.OneShot"/>).</summary>
    OneShot,

    /// <summary>Sampling-based NAS: regularized evolution, each candidate trained from scratch at low fidelity
    /// (<see cref="RankitectOptions.LowFidelity"/>), the top-k retrained (<see cref="RankitectOptions.MultiTrial"/>).</summary>
    RegularizedEvolution,

    /// <summary>Sampling-based NAS: random search, each candidate trained from scratch at low fidelity, the top-k
    /// retrained (<see cref="RankitectOptions.MultiTrial"/>).</summary>
    RandomSearch,

    /// <summary>Sampling-based NAS with a model-based tuner: TPE (Tree-structured Parzen Estimator) proposes from the
    /// results so far, each candidate trained at low fidelity, the top-k retrained (<see cref="RankitectOptions.MultiTrial"/>).</summary>
    Tpe,

    /// <summary>No search: trains the hand-designed DLRM of the default DLRM space
    /// (<see cref="Strategies.FixedArchitectureStrategy.HandDesignedDlrm"/>). The baseline every search is compared with.</summary>
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

    /// <summary>The search strategy. Default: <see cref="SearchStrategy.Dnas"/>. Ignored when <see cref="CustomStrategy"/> is set.</summary>
    public SearchStrategy Strategy { get; set; } = SearchStrategy.Dnas;

    /// <summary>A strategy object of the caller's own (or a built-in one configured by hand); it runs on the space of
    /// <see cref="Space"/> / <see cref="CustomSpace"/> like the built-in ones. Default: null (<see cref="Strategy"/>).</summary>
    public ISearchStrategy? CustomStrategy { get; set; }

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

    /// <summary>Most FLOPs per example of every candidate and of the returned network. Sampling-based and one-shot
    /// search never evaluate an architecture above it (the one-shot supernet still trains every path); DNAS adds a hinge
    /// penalty above it and derives the most probable architecture within it; the retraining and the pick keep within
    /// it. A budget below the cheapest network the space (or, for <see cref="SearchStrategy.FixedDlrm"/>, the
    /// hand-designed DLRM) has for the data's columns is refused before featurization (after it, for a
    /// <see cref="CustomSpace"/>), naming the cheapest possible. Default: null (no budget).</summary>
    public long? FlopsBudget { get; set; }

    /// <summary>Weight c of the cost term of every strategy's objective, NE + c·ln(FLOPs). Default: null, the strategy's
    /// own default (<see cref="ISearchStrategy.DefaultCostWeight"/>: DNAS 0.003, the others 0).</summary>
    public double? CostWeight { get; set; }

    /// <summary>How many of the strategy's candidates (best first) are retrained from scratch at full fidelity; the best
    /// retrained one is returned. DNAS and the fixed DLRM propose one candidate. 0 returns the best network the search
    /// trained itself (sampling-based search only). Default: 3.</summary>
    public int TopK { get; set; } = 3;

    /// <summary>Retrain the space's hand-designed architecture (the DLRM space's <c>DlrmSpace.HandDesigned</c>; block
    /// spaces have none) beside the top-k when it is within <see cref="FlopsBudget"/>: the search then returns it when
    /// nothing it found does better on validation. Costs one more full training. Default: true.</summary>
    public bool RetrainReference { get; set; } = true;

    /// <summary>The ensemble candidate: after the retraining, the best <c>EnsembleSize</c> retrained networks by validation NE
    /// (fewer when fewer finished, at least 2; the hand-designed reference included) are averaged in one network whose
    /// click probability is the mean of theirs (probabilities, not logits: the mean of calibrated probabilities stays
    /// calibrated, which NE rewards) and whose FLOPs per example are the sum of theirs. It is measured on the validation
    /// rows with the same metric code and picked like any retrained network (by fitness, or by <see cref="NeTolerance"/>);
    /// above <see cref="FlopsBudget"/> it is not formed. So it is returned only when it measures better; then it is
    /// exported as one ONNX graph (the members share the featurized inputs) and its model info lists the members. The
    /// training-recipe search (<see cref="TrainingSearch"/>) tunes a single network only: a returned ensemble keeps the
    /// recipes its members were retrained with. DNAS and the fixed DLRM propose one candidate, so with the reference an
    /// ensemble of theirs has at most 2 members. 0 or 1 turns it off; at most <see cref="TopK"/> + 1.
    /// Default: 0 (off).</summary>
    public int EnsembleSize { get; set; }

    /// <summary>Pick the returned architecture as the one with the fewest FLOPs whose validation NE is within this
    /// relative tolerance of the best evaluated (e.g. 0.01 = within 1%), among the architectures evaluated at the same
    /// fidelity (the full-fidelity retrainings when there are any); a pick without a trained network is retrained.
    /// Default: null (the best retrained one by the objective).</summary>
    public double? NeTolerance { get; set; }

    /// <summary>Wall-clock budget of the strategy's search (not featurization or the retraining): DNAS stops its epochs,
    /// sampling-based and one-shot search stop proposing; then the top candidates are retrained as usual.
    /// Default: null (the strategy's own epochs and trial counts bound it).</summary>
    public TimeSpan? SearchTimeBudget { get; set; }

    /// <summary>What a low-fidelity trial is (sampling-based search, one-shot's ranking sample). Default:
    /// <see cref="FidelityOptions"/> defaults (10% of the training rows for 1 epoch, at least 75,000 examples; no
    /// successive halving).</summary>
    public FidelityOptions LowFidelity { get; set; } = new();

    /// <summary>Trials evaluated at once, k in 1..<see cref="Threads"/>; each gets Threads / k TorchSharp threads.
    /// Default: null, which means <see cref="Threads"/> (one thread per trial; see <see cref="TrainingTrialRunner"/>).</summary>
    public int? TrialParallelism { get; set; }

    /// <summary>Same seed and thread count, same result to the last bit, across processes (for budgets in trials or
    /// epochs; a wall-clock budget cuts the search wherever the clock says, see <see cref="RankitectModelParameters.Reproducible"/>).
    /// On, trials evaluated at once run in batches and the tuner learns their results in proposal order; off, a new trial
    /// starts as soon as any finishes and the tuner learns results in the order they finish, which keeps every core busy
    /// when trials differ in length but makes the proposals depend on timing. Training itself is reproducible either way.
    /// Default: true.</summary>
    public bool Deterministic { get; set; } = true;

    /// <summary>Whether every trained network's logit is Platt-scaled (sigmoid(a·z + b), a and b fitted on the validation
    /// rows) before its validation NE is measured and before it is returned. It keeps the ranking (AUC) and removes the
    /// over- or under-confidence early stopping leaves on small data, which NE penalizes; the exported graph applies it.
    /// Default: true.</summary>
    public bool Calibrate { get; set; } = true;

    /// <summary>Resident memory of the process, in MB, above which the running trials are stopped and recorded as failed
    /// with the reason (the search goes on with the next ones), instead of the system killing the process. Checked every
    /// 100 ms while trials train; it counts TorchSharp's native tensors. Default: null (no limit).</summary>
    public int? MaximumMemoryMB { get; set; }

    /// <summary>Where every trial is written as it starts and ends (see <see cref="Experiment.Store.ITrialStore"/>), e.g. a
    /// <see cref="Experiment.Store.SqliteTrialStore"/>; the caller owns it. Default: null (trials live in memory only).</summary>
    public Experiment.Store.ITrialStore? TrialStore { get; set; }

    /// <summary>The study of <see cref="TrialStore"/> this fit writes to, or resumes. Default: "default".</summary>
    public string Study { get; set; } = Experiment.RankitectExperiment.DefaultStudy;

    /// <summary>Continue <see cref="Study"/> of <see cref="TrialStore"/> (<see cref="Experiment.RankitectExperiment.ResumeFrom"/>)
    /// rather than start it; without it a study that holds trials is refused. Default: false.</summary>
    public bool Resume { get; set; }

    /// <summary>Sampling-based search (<see cref="SearchStrategy.RegularizedEvolution"/>,
    /// <see cref="SearchStrategy.RandomSearch"/>; the shortcut picks the tuner): trial count and evolution sizes.
    /// Default: <see cref="MultiTrialOptions"/> defaults.</summary>
    public MultiTrialOptions MultiTrial { get; set; } = new();

    /// <summary>One-shot search (<see cref="SearchStrategy.OneShot"/>): supernet training, evolution over sub-networks,
    /// fine-tuning, ranking sample. Default: <see cref="OneShotOptions"/> defaults.</summary>
    public OneShotOptions OneShot { get; set; } = new();

    /// <summary>The DNAS search (<see cref="SearchStrategy.Dnas"/>): epochs, learning rates of weights and architecture,
    /// temperature schedule. Default: <see cref="DnasOptions"/> defaults.</summary>
    public DnasOptions Dnas { get; set; } = new();

    /// <summary>Training of full-fidelity trials and the final network (optimizer, learning rate, batch size, epochs,
    /// early stopping), and the base of low-fidelity trials. Its <see cref="CtrTrainingOptions.Seed"/> and
    /// <see cref="CtrTrainingOptions.Threads"/> are set per trial from <see cref="Seed"/> and <see cref="Threads"/>.
    /// Default: <see cref="CtrTrainingOptions"/> defaults.</summary>
    public CtrTrainingOptions Training { get; set; } = new();

    /// <summary>The hyperparameter search after the architecture search: <see cref="TrainingSearchOptions.Trials"/>
    /// full-fidelity trainings of the chosen architecture with recipes drawn from the candidates (optimizer, dense and
    /// embedding learning rates, weight decay, embedding L2, batch size), the best on validation NE kept. A setting given
    /// in <see cref="Training"/> is fixed, not searched. Default: <see cref="TrainingSearchOptions"/> defaults (8 trainings).</summary>
    public TrainingSearchOptions TrainingSearch { get; set; } = new();

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

    /// <summary>Receives every trial as it runs and ends (the experiment's monitor). Default: null.</summary>
    public IMonitor? Monitor { get; set; }

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
        // Everything here is knowable before featurization: a bad value is refused when the trainer is created, with a
        // message naming the option and the value, not after the search.
        if (!(ValidationFraction > 0 && ValidationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, $"ValidationFraction must be in (0, 1); got {ValidationFraction}.");
        if (TimeBudget is { } budget && (budget <= TimeSpan.Zero || budget.TotalMilliseconds > int.MaxValue))
            throw new ArgumentOutOfRangeException(nameof(TimeBudget), TimeBudget, $"TimeBudget must be positive; got {TimeBudget}.");
        if (Threads is { } threads)
            OptionChecks.Positive(threads, nameof(Threads));
        if (MaximumMemoryMB is { } memory)
            OptionChecks.Positive(memory, nameof(MaximumMemoryMB));
        if (Resume && TrialStore is null)
            throw new ArgumentException($"{nameof(Resume)} needs a {nameof(TrialStore)} to resume from.", nameof(Resume));
        ArgumentNullException.ThrowIfNull(Featurization, nameof(Featurization));
        Featurization.Validate(); // hash bits, minimum count: before the baselines or the featurization run
        ArgumentNullException.ThrowIfNull(Training, nameof(Training));
        new CtrTrainer(Training); // bad epochs, batch size or learning rate are refused now, not after the search
        RankitectExperiment.CheckSeedAndThreadsUnset(Training, nameof(Training));
        ArgumentNullException.ThrowIfNull(TrainingSearch, nameof(TrainingSearch));
        TrainingSearch.Validate();
        ArgumentNullException.ThrowIfNull(Dnas, nameof(Dnas));
        ArgumentNullException.ThrowIfNull(LowFidelity, nameof(LowFidelity));
        LowFidelity.Validate();
        OptionChecks.NonNegative(TopK, nameof(TopK));
        if (EnsembleSize < 0 || (EnsembleSize >= 2 && EnsembleSize > TopK + 1))
            throw new ArgumentOutOfRangeException(nameof(EnsembleSize), EnsembleSize,
                $"EnsembleSize must be 0 or 1 (off), or from 2 to TopK + 1 = {TopK + 1} (the retrained candidates and the " +
                $"hand-designed reference); got {EnsembleSize}.");
        if (TrialParallelism is { } k && (k <= 0 || k > (Threads ?? Environment.ProcessorCount)))
            throw new ArgumentOutOfRangeException(nameof(TrialParallelism), k, $"TrialParallelism must be in 1..{Threads ?? Environment.ProcessorCount} (the threads); got {k}.");
        ArgumentNullException.ThrowIfNull(MultiTrial, nameof(MultiTrial));
        ArgumentNullException.ThrowIfNull(OneShot, nameof(OneShot));
        ArgumentNullException.ThrowIfNull(DlrmSpace, nameof(DlrmSpace));
        if (FlopsBudget is <= 0)
            throw new ArgumentOutOfRangeException(nameof(FlopsBudget), FlopsBudget, $"FlopsBudget must be positive; got {FlopsBudget}.");
        if (CostWeight is { } c)
            OptionChecks.NonNegativeNumber(c, nameof(CostWeight));
        if (NeTolerance is { } t && (!(t >= 0) || double.IsInfinity(t)))
            throw new ArgumentOutOfRangeException(nameof(NeTolerance), NeTolerance, $"NeTolerance must be a number >= 0 (relative, e.g. 0.01); got {NeTolerance}.");
        if (SearchTimeBudget is { } search && (search <= TimeSpan.Zero || search.TotalMilliseconds > int.MaxValue))
            throw new ArgumentOutOfRangeException(nameof(SearchTimeBudget), SearchTimeBudget, $"SearchTimeBudget must be positive; got {SearchTimeBudget}.");
        if (!Enum.IsDefined(Strategy))
            throw new ArgumentOutOfRangeException(nameof(Strategy), Strategy, $"Unknown search strategy {Strategy}.");
        if (!Enum.IsDefined(Space))
            throw new ArgumentOutOfRangeException(nameof(Space), Space, $"Unknown search space {Space}.");
    }
}

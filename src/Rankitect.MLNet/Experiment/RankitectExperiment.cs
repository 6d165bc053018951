using Microsoft.ML;
using Rankitect.Data;
using Rankitect.Featurize;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Training;

namespace Rankitect.Experiment;

/// <summary>
/// A NAS experiment in the shape of ML.NET AutoML's <c>AutoMLExperiment</c>: set the data, the space, the strategy, the
/// trial runner, the monitor, the objective and the budgets, then <see cref="RunAsync"/>. One run featurizes the data,
/// lets the strategy search (every trial recorded and shown to the monitor), retrains the top candidates at full
/// fidelity, applies the pick, and returns the final network with every trial. Create it with
/// <c>mlContext.Ranking().CreateExperiment()</c>; <c>mlContext.Ranking().Rankitect(options)</c> is built on it.
/// </summary>
public sealed class RankitectExperiment
{
    private readonly MLContext _mlContext;
    private IDataView? _train, _validation;
    private CtrFeaturizerOptions _featurization = new();
    private PreparedCtrData? _prepared;
    private Func<CtrFeatureShape, IArchitectureSpace> _space = shape => new DlrmSpace(shape);
    private ISearchStrategy? _strategy;
    private ITrialRunner _runner = new TrainingTrialRunner();
    private IMonitor? _monitor;
    private IProgress<RankitectProgress>? _progress;
    private double? _costWeight;
    private long? _flopsBudget;
    private int _topK = 3;
    private bool _retrainReference = true;
    private int _ensembleSize;
    private double? _neTolerance;
    private TimeSpan? _timeBudget, _searchTimeBudget;
    private CtrTrainingOptions _training = new();
    private TrainingSearchOptions _trainingSearch = new();
    private FidelityOptions _lowFidelity = new();
    private int? _seed, _threads, _parallelism;
    private bool _deterministic = true;
    private bool _calibrate = true;
    private Store.ITrialStore? _store;
    private string _study = DefaultStudy;
    private bool _resume;
    private int? _maximumMemoryMB;

    internal RankitectExperiment(MLContext mlContext) => _mlContext = mlContext ?? throw new ArgumentNullException(nameof(mlContext));

    /// <summary>Training and validation rows (any IDataView with a label column); they are featurized with
    /// <paramref name="featurization"/> (column roles, encoding) when the run starts, within its time budget.</summary>
    public RankitectExperiment SetDataset(IDataView train, IDataView validation, CtrFeaturizerOptions? featurization = null)
    {
        _train = train ?? throw new ArgumentNullException(nameof(train));
        _validation = validation ?? throw new ArgumentNullException(nameof(validation));
        _featurization = featurization ?? new CtrFeaturizerOptions();
        _prepared = null;
        return this;
    }

    /// <summary>Rows featurized already (e.g. by <see cref="PreparedCtrData.Prepare(MLContext, IDataView, double, double, int, CtrFeaturizerOptions?, CancellationToken)"/>).</summary>
    public RankitectExperiment SetDataset(PreparedCtrData data)
    {
        _prepared = data ?? throw new ArgumentNullException(nameof(data));
        _train = _validation = null;
        return this;
    }

    /// <summary>The space, built for the data's input shape when the run starts. Default: the DLRM space with its default options.</summary>
    public RankitectExperiment SetSearchSpace(Func<CtrFeatureShape, IArchitectureSpace> space)
    {
        _space = space ?? throw new ArgumentNullException(nameof(space));
        return this;
    }

    /// <summary>The strategy. Default (from <c>mlContext.Ranking().CreateExperiment()</c>): DNAS with its default options.</summary>
    public RankitectExperiment SetStrategy(ISearchStrategy strategy)
    {
        _strategy = strategy ?? throw new ArgumentNullException(nameof(strategy));
        return this;
    }

    /// <summary>What evaluates each trial. Default: <see cref="TrainingTrialRunner"/> (from-scratch training).</summary>
    public RankitectExperiment SetTrialRunner(ITrialRunner runner)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        return this;
    }

    /// <summary>Receives every trial as it runs and ends. Default: none.</summary>
    public RankitectExperiment SetMonitor(IMonitor monitor)
    {
        _monitor = monitor ?? throw new ArgumentNullException(nameof(monitor));
        return this;
    }

    /// <summary>Receives phases and messages (featurize, search, train), trials done, best NE and time left. Default: none.</summary>
    public RankitectExperiment SetProgress(IProgress<RankitectProgress> progress)
    {
        _progress = progress ?? throw new ArgumentNullException(nameof(progress));
        return this;
    }

    /// <summary>The objective: validation NE plus <paramref name="costWeight"/>·ln(FLOPs per example) (null: the strategy's
    /// default, <see cref="ISearchStrategy.DefaultCostWeight"/>), with at most <paramref name="flopsBudget"/> FLOPs per
    /// example for every candidate and the final network (null: no budget); a budget below the space's cheapest
    /// architecture (<see cref="IHasCheapestArchitecture"/>) is refused when the run starts, right after featurization.
    /// Default: both null.</summary>
    public RankitectExperiment SetObjective(double? costWeight = null, long? flopsBudget = null)
    {
        if (costWeight is { } c) OptionChecks.NonNegativeNumber(c, nameof(costWeight));
        if (flopsBudget is <= 0) throw new ArgumentOutOfRangeException(nameof(flopsBudget), flopsBudget, "The FLOPs budget must be positive.");
        (_costWeight, _flopsBudget) = (costWeight, flopsBudget);
        return this;
    }

    /// <summary>The post-search stage: how many of the strategy's candidates are retrained at full fidelity
    /// (<paramref name="topK"/>, default 3; 0 returns the best network the search trained itself), the optional pick
    /// of the fewest FLOPs within a relative NE tolerance of the best (<paramref name="neTolerance"/>, default null), and
    /// whether the space's hand-designed reference architecture (<see cref="IHasReferenceArchitecture"/>) is retrained
    /// beside them (<paramref name="retrainReference"/>, default true), so that a search that finds nothing better on
    /// validation returns it.</summary>
    public RankitectExperiment SetRetraining(int topK = 3, double? neTolerance = null, bool retrainReference = true)
    {
        OptionChecks.NonNegative(topK, nameof(topK));
        if (neTolerance is { } t) OptionChecks.NonNegativeNumber(t, nameof(neTolerance));
        (_topK, _neTolerance, _retrainReference) = (topK, neTolerance, retrainReference);
        return this;
    }

    /// <summary>The ensemble candidate of the post-search stage: the <paramref name="size"/> best retrained networks by
    /// validation NE (fewer when fewer finished; at least 2), their click probabilities averaged in one network whose
    /// FLOPs are the sum of theirs. It is measured on the validation rows, recorded and picked like any retrained network
    /// (fitness, or the <c>neTolerance</c> pick, within the FLOPs budget: over it the ensemble is not formed), so it is
    /// returned only when it measures better. 0 or 1 turns it off. Default: 0.</summary>
    public RankitectExperiment SetEnsemble(int size)
    {
        OptionChecks.NonNegative(size, nameof(size));
        _ensembleSize = size;
        return this;
    }

    /// <summary>Wall-clock budgets: <paramref name="total"/> for the whole run (featurization, search, retraining; when it
    /// runs out the best network so far is returned, marked cancelled) and <paramref name="search"/> for the strategy's
    /// search alone (then the post-search stage runs as usual). Default: none.</summary>
    public RankitectExperiment SetTimeBudget(TimeSpan? total, TimeSpan? search = null)
    {
        CheckBudget(total, nameof(total));
        CheckBudget(search, nameof(search));
        (_timeBudget, _searchTimeBudget) = (total, search);
        return this;
    }

    /// <summary>ML.NET AutoML's spelling of the run's budget: <see cref="SetTimeBudget"/> with <paramref name="seconds"/> in total.</summary>
    public RankitectExperiment SetTrainingTimeInSeconds(uint seconds) => SetTimeBudget(TimeSpan.FromSeconds(seconds), _searchTimeBudget);

    /// <summary>The training recipe of full-fidelity trials and of the final network (seed and threads are set per trial).
    /// Default: <see cref="CtrTrainingOptions"/> defaults.</summary>
    public RankitectExperiment SetTraining(CtrTrainingOptions training)
    {
        ArgumentNullException.ThrowIfNull(training);
        new CtrTrainer(training); // validates
        CheckSeedAndThreadsUnset(training, "the training options");
        _training = training;
        return this;
    }

    /// <summary>The hyperparameter search: which recipe settings it varies, over which candidates, and how many
    /// full-fidelity trainings of the chosen architecture it spends. Settings the training options set are fixed.
    /// Default: <see cref="TrainingSearchOptions"/> defaults (8 trainings).</summary>
    public RankitectExperiment SetTrainingSearch(TrainingSearchOptions trainingSearch)
    {
        ArgumentNullException.ThrowIfNull(trainingSearch);
        trainingSearch.Validate();
        _trainingSearch = trainingSearch;
        return this;
    }

    /// <summary>What a low-fidelity trial is. Default: <see cref="FidelityOptions"/> defaults (10% of the rows for 1 epoch, at least 75,000 examples; no successive halving).</summary>
    public RankitectExperiment SetLowFidelity(FidelityOptions lowFidelity)
    {
        ArgumentNullException.ThrowIfNull(lowFidelity);
        lowFidelity.Validate();
        _lowFidelity = lowFidelity;
        return this;
    }

    /// <summary>Seed of every random stream. Default: drawn from the MLContext, so <c>new MLContext(seed: s)</c> repeats a run.</summary>
    public RankitectExperiment SetSeed(int seed)
    {
        _seed = seed;
        return this;
    }

    /// <summary>TorchSharp threads T and trials evaluated at once k (each gets T / k threads). Default: T = processor
    /// count, k = T.</summary>
    public RankitectExperiment SetThreads(int? threads, int? parallelism = null)
    {
        if (threads is { } t) OptionChecks.Positive(t, nameof(threads));
        if (parallelism is { } p) OptionChecks.Positive(p, nameof(parallelism));
        if (parallelism > (threads ?? Environment.ProcessorCount))
            throw new ArgumentOutOfRangeException(nameof(parallelism), parallelism,
                $"parallelism must be at most the threads ({threads ?? Environment.ProcessorCount}): more trials than threads would oversubscribe the cores.");
        (_threads, _parallelism) = (threads, parallelism);
        return this;
    }

    /// <summary>Whether trials evaluated at once run in batches whose results the tuner learns in proposal order (true,
    /// the default: the same seed and threads give the same search) or start whenever a core frees up, the tuner
    /// learning results as they finish (false: busier cores, timing-dependent proposals). See
    /// <see cref="RankitectOptions.Deterministic"/>.</summary>
    public RankitectExperiment SetDeterministic(bool deterministic)
    {
        _deterministic = deterministic;
        return this;
    }

    /// <summary>Whether every trained network's logit is Platt-scaled on the validation rows before it is measured and
    /// returned (true, the default). See <see cref="RankitectOptions.Calibrate"/>.</summary>
    public RankitectExperiment SetCalibration(bool calibrate)
    {
        _calibrate = calibrate;
        return this;
    }

    /// <summary>Stops the running trials when the process's resident memory passes <paramref name="megabytes"/> (null: no
    /// limit) and records them as failed with the reason; the search goes on. See <see cref="RankitectOptions.MaximumMemoryMB"/>.</summary>
    public RankitectExperiment SetMemoryLimit(int? megabytes)
    {
        if (megabytes is <= 0)
            throw new ArgumentOutOfRangeException(nameof(megabytes), megabytes, $"MaximumMemoryMB must be positive; got {megabytes}.");
        _maximumMemoryMB = megabytes;
        return this;
    }

    /// <summary>The study name <see cref="SetStore"/> and <see cref="ResumeFrom"/> use unless given one: "default".</summary>
    public const string DefaultStudy = "default";

    /// <summary>Writes every trial to <paramref name="store"/> as it starts and ends, under <paramref name="study"/>. A
    /// study that holds trials already is refused when the run starts: continue it with <see cref="ResumeFrom"/>.
    /// The caller owns the store (dispose it after the run).</summary>
    public RankitectExperiment SetStore(Store.ITrialStore store, string study = DefaultStudy)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        ArgumentException.ThrowIfNullOrWhiteSpace(study);
        _study = study;
        _resume = false;
        return this;
    }

    /// <summary>Continues <paramref name="study"/> of <paramref name="store"/>: the run must search the same data with the
    /// same space, strategy, options, seed and threads (a difference is refused, naming it), and every low-fidelity
    /// trial the store finished with the same architecture, rung and recipe is taken from it instead of being trained
    /// again; new trials are written to it as with <see cref="SetStore"/>. With <see cref="SetDeterministic">deterministic</see>
    /// search and no wall-clock budget, a sampling-based search resumed after a kill proposes the same trials and
    /// returns the same network as an uninterrupted run. DNAS and the one-shot supernet train again from the start (no
    /// checkpoints yet), and full-fidelity retrainings always run again.</summary>
    public RankitectExperiment ResumeFrom(Store.ITrialStore store, string study = DefaultStudy)
    {
        SetStore(store, study);
        _resume = true;
        return this;
    }

    /// <summary>Runs the experiment.</summary>
    /// <exception cref="InvalidOperationException">No dataset was set, or no network could be trained (the message names
    /// the first failed trial).</exception>
    /// <exception cref="ArgumentException">The rows hold one class only, or the FLOPs budget is below the space's cheapest
    /// architecture (both found right after featurization, before the search).</exception>
    /// <exception cref="OperationCanceledException">Cancelled before any network was trained.</exception>
    /// <exception cref="TimeoutException">A time budget ran out before any network was trained.</exception>
    public Task<ExperimentResult> RunAsync(CancellationToken cancellationToken = default)
    {
        if (_prepared is null && _train is null)
            throw new InvalidOperationException($"Call {nameof(SetDataset)} before {nameof(RunAsync)}.");
        if (_strategy is null)
            throw new InvalidOperationException($"Call {nameof(SetStrategy)} before {nameof(RunAsync)}.");
        // The work is CPU-bound and long: a dedicated thread, so callers with a synchronization context never block it.
        return Task.Factory.StartNew(() => Run(cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    private async Task<ExperimentResult> Run(CancellationToken cancellationToken)
    {
        var strategy = _strategy!;
        using var budget = new RunBudget(_timeBudget, cancellationToken);
        using var progress = new ProgressReporter(_mlContext, _progress, budget);
        try
        {
            var data = _prepared ?? PreparedCtrData.Prepare(_mlContext, _train!, _validation!, test: null, _featurization, budget.Run);
            progress.Report("featurize", $"{data.Schema}; {data.Train.Count:N0} training and {data.Validation.Count:N0} validation rows");
            if (data.Train.Count == 0 || data.Validation.Count == 0)
                throw new ArgumentException($"Training needs rows in both the training ({data.Train.Count}) and validation ({data.Validation.Count}) parts.");
            CheckBothClasses(data.Train, "training");
            CheckBothClasses(data.Validation, "validation");
            budget.CheckClock();
            budget.Run.ThrowIfCancellationRequested();

            int seed = _seed ?? ContextSeed.Draw(_mlContext);
            int threads = _threads ?? Environment.ProcessorCount;
            var space = _space(new CtrFeatureShape(data.Schema.DenseWidth, data.Schema.Cardinalities))
                ?? throw new InvalidOperationException("The search space factory returned null.");
            FlopsBudgetCheck.ThrowIfBelowCheapest(space, _flopsBudget); // now that the shape is known, before any search
            var objective = new SearchObjective { CostWeight = _costWeight ?? strategy.DefaultCostWeight, FlopsBudget = _flopsBudget };
            objective.Validate();
            var runner = _runner;
            if (_store is not null)
            {
                var study = Store.StudyFingerprint.Describe(_study, data.Train, data.Validation, space, strategy, objective,
                    _training, _trainingSearch, _lowFidelity, seed, threads, _parallelism ?? threads, _deterministic, _calibrate);
                var stored = _store.Open(study, _resume);
                if (_resume)
                {
                    runner = new Store.ReplayingTrialRunner(_runner, stored);
                    progress.Report("search", $"resuming study '{_study}' of {_store.Location}: {stored.Count(t => t.Result is not null)} finished trials recorded");
                }
            }
            using var recorder = new TrialRecorder(objective, _monitor, progress.Trial, _store, strategy.Name);
            budget.StartSearch(_searchTimeBudget);
            var context = new SearchContext(space, data.Train, data.Validation, objective, seed, threads, _parallelism ?? threads,
                _deterministic, _training.With(seed, threads), _trainingSearch, _lowFidelity, strategy.Name, runner, recorder, progress.Search, budget)
            {
                MaximumMemoryBytes = _maximumMemoryMB * 1024L * 1024L,
                Calibrate = _calibrate,
            };
            progress.Report("search", $"{strategy.Name} on the {space.Name} space ({space.Choices.Count} choices)");

            SearchOutcome outcome;
            try
            {
                outcome = await strategy.SearchAsync(context).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Strategy '{strategy.Name}' returned no outcome.");
            }
            catch (OperationCanceledException) when (budget.Search.IsCancellationRequested)
            {
                outcome = new SearchOutcome([]); // stopped before it found anything: the stage decides what that means
            }
            double searchSeconds = progress.SearchSeconds;
            budget.CheckClock();
            if (outcome.Candidates.Count == 0 && budget.SearchOutOfTime)
                throw new TimeoutException($"The search time budget of {_searchTimeBudget!.Value.TotalSeconds:F1} s ran out before strategy " +
                    $"'{strategy.Name}' found a candidate; raise SearchTimeBudget (SetTimeBudget's search budget).");

            progress.Phase = "train";
            var final = await PostSearchStage.RunAsync(context, recorder, outcome, _topK, _neTolerance, _retrainReference, _ensembleSize, budget.Run).ConfigureAwait(false);
            try
            {
                // The training's own measurement of the kept weights when there is one: predicting every validation row
                // again would only repeat it (and delay a cancelled run). Otherwise this continuation runs on whichever
                // trial thread finished last (with T / k threads): pin T.
                TorchThreads.Use(threads);
                var validation = final.Validation ?? CtrTrainer.Evaluate(final.Model, data.Validation);
                progress.Report("train", $"{TrialArchitecture.Describe(space, final.Result)}: validation NE {validation.NormalizedEntropy:F4}, AUC {validation.Auc:F4}, " +
                    $"{final.Result.Flops:N0} FLOPs/example" + (final.Cancelled ? " (cancelled: best so far)" : ""));
                // A clock that stopped any phase makes the result depend on the machine's speed.
                bool reproducible = _deterministic && !final.Cancelled && !budget.SearchOutOfTime && !budget.OutOfTime;
                return new ExperimentResult(final.Model, final.Result, recorder.Trials, space, strategy.Name, validation, final.Cancelled,
                    searchSeconds, final.Seconds, outcome, data, seed, reproducible, final.TuningSeconds);
            }
            catch
            {
                final.Model.Dispose();
                throw;
            }
        }
        catch (OperationCanceledException e) when (budget.OutOfTime)
        {
            throw new TimeoutException($"The time budget of {_timeBudget!.Value.TotalSeconds:F1} s ran out before any network was trained; " +
                $"raise TimeBudget (SetTimeBudget's total budget).", e);
        }
    }

    // One class only gives NE NaN (the base-rate entropy is 0) and a model that predicts a constant: refuse it.
    private static void CheckBothClasses(CtrDataset rows, string part)
    {
        var labels = rows.Labels();
        int positives = labels.Count(l => l > 0.5f);
        if (positives == 0 || positives == labels.Length)
            throw new ArgumentException($"The {part} rows hold one class only ({labels.Length:N0} rows, all labels {(positives == 0 ? 0 : 1)}); " +
                "a click model needs both clicks and non-clicks in the training and the validation rows.");
    }

    /// <summary>Seed and threads of a training recipe are set per trial from the experiment's; a value set on the recipe
    /// would be silently replaced, so it is refused.</summary>
    internal static void CheckSeedAndThreadsUnset(CtrTrainingOptions training, string what)
    {
        if (training.Seed != 0)
            throw new ArgumentException($"{what} set Seed = {training.Seed}, but every trial's seed derives from the experiment's seed; " +
                "set that instead (SetSeed, or RankitectOptions.Seed).", nameof(training));
        if (training.Threads is { } threads)
            throw new ArgumentException($"{what} set Threads = {threads}, but the experiment shares its threads among the trials; " +
                "set those instead (SetThreads, or RankitectOptions.Threads).", nameof(training));
    }

    private static void CheckBudget(TimeSpan? budget, string name)
    {
        if (budget is { } b && (b <= TimeSpan.Zero || b.TotalMilliseconds > int.MaxValue))
            throw new ArgumentOutOfRangeException(name, b, $"{name} must be positive and at most {int.MaxValue} ms; got {b}.");
    }
}

using System.Collections.Concurrent;
using Rankitect.Data;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.Training;

namespace Rankitect.Experiment;

/// <summary>
/// Everything a strategy gets from the experiment that runs it, each setting once: the space, the featurized data,
/// the objective, the seed and threads, the training recipe of full-fidelity trials, what low fidelity means, the trial
/// runner, the trial table and the cancellation (user cancellation and every time budget in one token).
/// </summary>
public sealed class SearchContext
{
    private readonly TrialRecorder _recorder;
    private readonly ITrialRunner _runner;
    private readonly Action<string, double?> _report;
    private readonly RunBudget _budget;
    private readonly ConcurrentDictionary<double, Lazy<CtrDataset>> _subsamples = new();
    private int _nextTrialId;

    internal SearchContext(IArchitectureSpace space, CtrDataset train, CtrDataset validation, SearchObjective objective,
        int seed, int threads, int parallelism, bool deterministic, CtrTrainingOptions training, TrainingSearchOptions trainingSearch,
        FidelityOptions lowFidelity, string strategy, ITrialRunner runner, TrialRecorder recorder, Action<string, double?> report,
        RunBudget budget)
    {
        Space = space;
        Train = train;
        Validation = validation;
        Objective = objective;
        Seed = seed;
        Threads = threads;
        Parallelism = parallelism;
        Deterministic = deterministic;
        Training = training;
        TrainingSearch = trainingSearch;
        TrainingSpace = new TrainingSpace(trainingSearch, training);
        LowFidelity = lowFidelity;
        Strategy = strategy;
        CancellationToken = budget.Search;
        _runner = runner;
        _recorder = recorder;
        _report = report;
        _budget = budget;
    }

    /// <summary>The space searched, built for the data's input shape.</summary>
    public IArchitectureSpace Space { get; }

    /// <summary>Featurized training rows.</summary>
    public CtrDataset Train { get; }

    /// <summary>Featurized validation rows: model selection and early stopping.</summary>
    public CtrDataset Validation { get; }

    /// <summary>Fitness (NE + c·ln FLOPs, the strategy's default c unless the user set one) and the FLOPs budget.</summary>
    public SearchObjective Objective { get; }

    /// <summary>The experiment's seed; every random stream derives from it (<see cref="DeriveSeed"/>).</summary>
    public int Seed { get; }

    /// <summary>TorchSharp threads of the whole search.</summary>
    public int Threads { get; }

    /// <summary>Trials <see cref="RunTrialsAsync(IReadOnlyList{Trial}, CancellationToken)"/> evaluates at once; each gets <see cref="Threads"/> / k threads.</summary>
    public int Parallelism { get; }

    /// <summary>True when the search must not depend on timing: trials evaluated at once run in batches and their results
    /// are used in proposal order. False lets a tuner-driven search start a trial whenever one finishes.</summary>
    public bool Deterministic { get; }

    /// <summary>The training recipe of a full-fidelity trial (seed and threads are set per trial).</summary>
    public CtrTrainingOptions Training { get; }

    /// <summary>The training hyperparameters the search may vary (the settings the training options leave unset).</summary>
    public TrainingSpace TrainingSpace { get; }

    /// <summary>How many recipes the hyperparameter search tries, and from which candidates.</summary>
    public TrainingSearchOptions TrainingSearch { get; }

    /// <summary>The training options <paramref name="trial"/> trains with: its own recipe applied to
    /// <see cref="Training"/>, or <see cref="Training"/> itself (seed and threads are still set per trial).</summary>
    public CtrTrainingOptions TrainingOf(Trial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return trial.Recipe is { } recipe ? recipe.ApplyTo(Training) : Training;
    }

    /// <summary>Resident memory of the process above which running trials are stopped and recorded as failed
    /// (<c>RankitectOptions.MaximumMemoryMB</c>); null for no limit.</summary>
    public long? MaximumMemoryBytes { get; init; }

    /// <summary>Whether a trained network's logit is Platt-scaled on the validation rows before its validation metrics are
    /// taken (<c>RankitectOptions.Calibrate</c>): the network a trial returns is then a <see cref="SearchSpaces.Modules.CalibratedModule"/>.</summary>
    public bool Calibrate { get; init; }

    /// <summary>What a low-fidelity trial trains on.</summary>
    public FidelityOptions LowFidelity { get; }

    /// <summary>The rows of a rung-0 low-fidelity trial: one label-stratified subsample of <see cref="Train"/>, the same for every trial.</summary>
    public CtrDataset LowFidelityTrain => LowFidelityAt(0).Rows;

    /// <summary>The rows and the most epochs of a low-fidelity trial at successive-halving <paramref name="rung"/>
    /// (<see cref="FidelityOptions.At"/>); each row share is subsampled once and shared by every trial.</summary>
    public (CtrDataset Rows, int Epochs) LowFidelityAt(int rung)
    {
        var (fraction, epochs) = LowFidelity.At(rung, Train.Count, Training.MaxEpochs);
        if (fraction >= 1.0)
            return (Train, epochs);
        var rows = _subsamples.GetOrAdd(fraction, f => new Lazy<CtrDataset>(
            () => Train.Subsample(f, DerivedSeed.Of(Seed, DerivedSeed.Subsample)), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
        return (rows, epochs);
    }

    /// <summary>The name of the strategy running, recorded with its trials.</summary>
    public string Strategy { get; }

    /// <summary>Fires on cancellation and when the search or the whole run is out of time: stop and return what was found.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Time left for the search, or null without a time budget.</summary>
    public TimeSpan? RemainingTime => _budget.RemainingSearchTime;

    /// <summary>A cancellation for one phase of the search: it fires with <see cref="CancellationToken"/>, and once
    /// <paramref name="fraction"/> of the time left (when there is a budget) has passed. Dispose it after the phase.</summary>
    public CancellationTokenSource ShareOfRemainingTime(double fraction)
    {
        OptionChecks.Fraction(fraction, nameof(fraction));
        return _budget.Share(fraction);
    }

    /// <summary>Every trial recorded so far, in recording order.</summary>
    public IReadOnlyList<TrialResult> Trials => _recorder.Trials;

    /// <summary>A fresh trial id (ids are unique across the experiment and give every trial its own seed).</summary>
    public int NewTrialId() => Interlocked.Increment(ref _nextTrialId) - 1;

    /// <summary>The seed of an independent random stream (a trial id, or a strategy's own stream number).</summary>
    public int DeriveSeed(int stream) => DerivedSeed.Of(Seed, stream);

    /// <summary>TorchSharp threads of each of <paramref name="count"/> trials evaluated together.</summary>
    public int ThreadsPerTrial(int count) => Math.Max(1, Threads / Math.Clamp(count, 1, Parallelism));

    /// <summary>Evaluates <paramref name="trials"/> with the trial runner, up to <see cref="Parallelism"/> at once, each on its
    /// own thread, and records the outcomes in trial order (the recorder owns the networks).</summary>
    /// <returns>The results, in the order of <paramref name="trials"/>.</returns>
    public Task<IReadOnlyList<TrialResult>> RunTrialsAsync(IReadOnlyList<Trial> trials, CancellationToken cancellationToken = default)
        => RunTrialsAsync(trials, threadsPerTrial: null, cancellationToken);

    // threadsPerTrial: null gives each trial its share of the threads among this call's trials; a caller that keeps
    // several single-trial calls running at once passes the share of the whole parallelism.
    internal async Task<IReadOnlyList<TrialResult>> RunTrialsAsync(IReadOnlyList<Trial> trials, int? threadsPerTrial, CancellationToken cancellationToken)
    {
        var token = cancellationToken.CanBeCanceled ? cancellationToken : CancellationToken;
        var outcomes = await EvaluateAsync(trials, token, threadsPerTrial).ConfigureAwait(false);
        foreach (var outcome in outcomes)
            _recorder.Record(outcome);
        return outcomes.Select(o => o.Result).ToList();
    }

    /// <summary>Records an evaluation the strategy did itself (e.g. an inherited-weight score), taking ownership of its network.</summary>
    public void Record(TrialOutcome outcome) => _recorder.Record(outcome);

    /// <summary>Tells the monitor a trial the strategy evaluates itself is starting.</summary>
    public void ReportRunning(Trial trial) => _recorder.Running(trial);

    /// <summary>A progress message of the search phase, with the share of the search done when the strategy knows it.</summary>
    public void Report(string message, double? fractionDone = null) => _report(message, fractionDone);

    // Runs the trials in batches of the parallelism; the caller owns the returned networks. Nothing is recorded.
    internal async Task<IReadOnlyList<TrialOutcome>> EvaluateAsync(IReadOnlyList<Trial> trials, CancellationToken token, int? threadsPerTrial = null)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var outcomes = new List<TrialOutcome>(trials.Count);
        try
        {
            // One count for the whole call, so a trial's threads (and result) do not depend on the batch it lands in.
            int threads = threadsPerTrial ?? ThreadsPerTrial(trials.Count);
            for (int start = 0; start < trials.Count; start += Parallelism)
            {
                var batch = trials.Skip(start).Take(Parallelism).ToList();
                foreach (var trial in batch)
                {
                    Space.ThrowIfInvalid(trial.Indices);
                    _recorder.Running(trial);
                }
                // Dedicated threads, not the pool: trainings are long and must all start now. Each pins its own
                // libtorch thread count (the count is per OS thread).
                using var guard = MaximumMemoryBytes is { } limit ? new MemoryGuard(limit, token) : null;
                var trialToken = guard?.Token ?? token;
                var tasks = batch.Select(trial => Task.Factory.StartNew(() => RunOne(trial, threads, trialToken),
                    CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();
                var finished = await Task.WhenAll(tasks).ConfigureAwait(false);
                if (guard?.Reason is { } reason && !token.IsCancellationRequested)
                {
                    // Stopped for memory, not by the user or a budget: a failed trial with the reason, whose partial
                    // network is not kept; the search goes on.
                    for (int i = 0; i < finished.Length; i++)
                    {
                        if (finished[i].Result.Status != TrialStatus.Cancelled)
                            continue;
                        finished[i].Dispose();
                        finished[i] = new TrialOutcome(finished[i].Result with { Status = TrialStatus.Failed, Error = reason, Fitness = double.NaN }, null);
                    }
                }
                outcomes.AddRange(finished);
            }
        }
        catch
        {
            foreach (var outcome in outcomes) outcome.Dispose();
            throw;
        }
        return outcomes;
    }

    private TrialOutcome RunOne(Trial trial, int threads, CancellationToken token)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            return _runner.RunAsync(new TrialSettings(trial, this, threads), token).GetAwaiter().GetResult()
                ?? throw new InvalidOperationException("The trial runner returned no outcome.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A runner's exception is one failed trial, not the end of the search.
            var status = e is OperationCanceledException && token.IsCancellationRequested ? TrialStatus.Cancelled : TrialStatus.Failed;
            return new TrialOutcome(TrialResult.Create(trial, Strategy, status, null, Space.CostOf(trial.Indices), Objective,
                clock.Elapsed.TotalSeconds, status == TrialStatus.Failed ? $"{e.GetType().Name}: {e.Message}" : null), null);
        }
    }
}

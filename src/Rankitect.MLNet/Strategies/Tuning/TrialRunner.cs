using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Rankitect.Data;
using Rankitect.Evaluation;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Training;

namespace Rankitect.Strategies.Tuning;

/// <summary>
/// Trains proposed architectures from scratch with <see cref="CtrTrainer"/> and measures their validation NE: at low
/// fidelity on a fixed label-stratified row subsample for at most <see cref="TrialRunnerOptions.LowFidelityEpochs"/>
/// epochs, at full fidelity on all rows with <see cref="TrialRunnerOptions.Training"/>. Runs up to
/// <see cref="TrialRunnerOptions.EffectiveParallelism"/> trials at once on dedicated threads without oversubscribing
/// the cores (see <see cref="TrialRunnerOptions"/>). Deterministic: a trial's weights and batch order derive from the
/// search seed and its id, every trial gets the same thread count (T / k), and outcomes come back in trial order, so
/// the same seed, data and thread options give the same results whatever order the trials finish in.
/// </summary>
public sealed class TrialRunner : ITrialEvaluator
{
    private readonly IArchitectureSpace _space;
    private readonly CtrDataset _train;
    private readonly CtrDataset _validation;
    private readonly TrialRunnerOptions _options;
    private readonly SearchObjective _objective;
    private readonly int _seed;

    /// <summary>Creates a runner.</summary>
    /// <param name="space">The space the trials' indices belong to.</param>
    /// <param name="train">All training rows (full fidelity); low fidelity uses a subsample of them.</param>
    /// <param name="validation">Validation rows: early stopping and the reported metrics.</param>
    /// <param name="options">Fidelities and threads; default: <c>new TrialRunnerOptions()</c>.</param>
    /// <param name="objective">Computes each result's fitness; default: NE alone.</param>
    /// <param name="seed">The search seed, from which the subsample and every trial's seed derive.</param>
    /// <param name="strategy">Name recorded in the results.</param>
    public TrialRunner(IArchitectureSpace space, CtrDataset train, CtrDataset validation, TrialRunnerOptions? options = null,
        SearchObjective? objective = null, int seed = 0, string strategy = "trial")
    {
        _space = space ?? throw new ArgumentNullException(nameof(space));
        _train = train ?? throw new ArgumentNullException(nameof(train));
        _validation = validation ?? throw new ArgumentNullException(nameof(validation));
        _options = options ?? new TrialRunnerOptions();
        _options.Validate();
        _objective = objective ?? new SearchObjective();
        _objective.Validate();
        if (train.Count == 0) throw new ArgumentException("The training data has no rows.", nameof(train));
        if (validation.Count == 0) throw new ArgumentException("The validation data has no rows.", nameof(validation));
        if (space.Shape.DenseWidth != train.Schema.DenseWidth || !space.Shape.Cardinalities.SequenceEqual(train.Schema.Cardinalities))
            throw new ArgumentException($"The '{space.Name}' space was built for another input shape than the training data's.", nameof(space));
        _seed = seed;
        Strategy = strategy;
        LowFidelityTrain = train.Subsample(_options.LowFidelityRowFraction, DerivedSeed.Of(seed, DerivedSeed.Subsample));
    }

    /// <summary>The options in use.</summary>
    public TrialRunnerOptions Options => _options;

    /// <summary>The strategy name recorded in results.</summary>
    public string Strategy { get; }

    /// <summary>The rows low-fidelity trials train on.</summary>
    public CtrDataset LowFidelityTrain { get; }

    /// <inheritdoc/>
    public int Parallelism => _options.EffectiveParallelism;

    /// <summary>Runs <paramref name="trials"/>, up to <see cref="Parallelism"/> at once, and returns their outcomes in
    /// trial order (not completion order). Completed outcomes own their trained model.</summary>
    public IReadOnlyList<TrialOutcome> Evaluate(IReadOnlyList<Trial> trials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var outcomes = new TrialOutcome[trials.Count];
        for (int start = 0; start < trials.Count; start += Parallelism)
        {
            int count = Math.Min(Parallelism, trials.Count - start);
            int threads = _options.ThreadsPerTrial;
            if (count == 1)
            {
                outcomes[start] = Run(trials[start], threads, cancellationToken);
                continue;
            }
            // Dedicated threads, not the thread pool: trainings are long and must all start now, whatever else
            // occupies the pool (TorchSharp's thread count is global, so each thread gets the same count).
            // An exception escaping a worker would end the process; it is rethrown here instead.
            var errors = new ExceptionDispatchInfo?[count];
            var workers = Enumerable.Range(0, count).Select(w => new Thread(() =>
            {
                try { outcomes[start + w] = Run(trials[start + w], threads, cancellationToken); }
                catch (Exception e) { errors[w] = ExceptionDispatchInfo.Capture(e); }
            })
            {
                IsBackground = true, Name = $"trial {trials[start + w].Id}",
            }).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            foreach (var error in errors)
            {
                if (error is null) continue;
                foreach (var outcome in outcomes.Where(o => o is not null)) outcome.Dispose();
                error.Throw();
            }
        }
        return outcomes;
    }

    /// <summary>Trains one trial from scratch with <paramref name="threads"/> TorchSharp threads (process-global: do not
    /// run trials with different counts at the same time).</summary>
    public TrialOutcome Run(Trial trial, int threads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trial);
        OptionChecks.Positive(threads, nameof(threads));
        _space.ThrowIfInvalid(trial.Indices);
        if (trial.Fidelity == TrialFidelity.Inherited)
            throw new ArgumentException("The trial runner trains from scratch; inherited-weight trials need a supernet.", nameof(trial));
        var clock = Stopwatch.StartNew();
        var cost = _space.CostOf(trial.Indices);
        if (cancellationToken.IsCancellationRequested) // do not even build the network
            return new TrialOutcome(TrialResult.Create(trial, Strategy, TrialStatus.Cancelled, null, cost, _objective, 0), null);
        bool low = trial.Fidelity == TrialFidelity.Low;
        var options = _options.Training.With(DerivedSeed.Of(_seed, trial.Id), threads);
        if (low)
            options.MaxEpochs = Math.Min(options.MaxEpochs, _options.LowFidelityEpochs);
        var trainer = new CtrTrainer(options);
        CtrModule? model = null;
        try
        {
            model = trainer.CreateModel(() => _space.Build(trial.Indices));
            var training = trainer.Train(model, low ? LowFidelityTrain : _train, _validation, cancellationToken: cancellationToken);
            if (training.StopReason == TrainingStopReason.Cancelled)
            {
                model.Dispose();
                return new TrialOutcome(Result(TrialStatus.Cancelled, training.BestValidation), null);
            }
            return new TrialOutcome(Result(TrialStatus.Completed, training.BestValidation), model);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            model?.Dispose();
            return new TrialOutcome(Result(TrialStatus.Cancelled, null), null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One bad architecture (e.g. a shape the space's builder rejects) must not end the search.
            model?.Dispose();
            return new TrialOutcome(Result(TrialStatus.Failed, null, $"{e.GetType().Name}: {e.Message}"), null);
        }

        TrialResult Result(TrialStatus status, CtrMetrics? metrics, string? error = null)
            => TrialResult.Create(trial, Strategy, status, metrics, cost, _objective, clock.Elapsed.TotalSeconds, error);
    }
}

using System.Diagnostics;
using Rankitect.Data;
using Rankitect.Evaluation;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Training;

namespace Rankitect.Experiment;

/// <summary>
/// The default <see cref="ITrialRunner"/>: trains the trial's architecture from scratch with <see cref="CtrTrainer"/> and
/// measures its validation NE, at low fidelity on the rows and epochs of its rung (<see cref="SearchContext.LowFidelityAt"/>), at full fidelity on every training row with
/// <see cref="SearchContext.Training"/>. Deterministic: a trial's weights and batch order derive from the experiment's
/// seed and the trial id, and its thread count is fixed by the experiment.
/// </summary>
/// <remarks>
/// Threads: libtorch's intra-op thread count belongs to the OS thread, and each trial's training pins T / k on its own
/// thread (see <c>TorchThreads</c>). Small CTR networks gain little from intra-op threads and OpenMP degrades badly when its threads compete for
/// cores, so one thread per trial (k = T) is the default parallelism. Measured on this project's 2-core machine (8
/// low-fidelity trials of the default DLRM space on 20k Criteo-shaped rows): 2 parallel 1-thread trials 3.0 s, sequential
/// 2-thread trials 5.1 s, 2 parallel 2-thread trials 4.3 s; NE was identical in every configuration.
/// </remarks>
public sealed class TrainingTrialRunner : ITrialRunner
{
    /// <inheritdoc/>
    public Task<TrialOutcome> RunAsync(TrialSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Task.FromResult(Run(settings.Trial, settings.Context, settings.Threads, cancellationToken));
    }

    /// <summary>Trains one trial from scratch with <paramref name="threads"/> TorchSharp threads.</summary>
    public static TrialOutcome Run(Trial trial, SearchContext context, int threads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(context);
        OptionChecks.Positive(threads, nameof(threads));
        var space = context.Space;
        space.ThrowIfInvalid(trial.Indices);
        if (trial.Fidelity == TrialFidelity.Inherited)
            throw new ArgumentException("The training runner trains from scratch; inherited-weight trials need a supernet.", nameof(trial));
        if (cancellationToken.IsCancellationRequested) // do not even build the network
            return new TrialOutcome(TrialResult.Create(trial, context.Strategy, TrialStatus.Cancelled, null, space.CostOf(trial.Indices),
                context.Objective, 0), null);

        var options = context.TrainingOf(trial).With(context.DeriveSeed(trial.Id), threads);
        var rows = context.Train;
        if (trial.Fidelity == TrialFidelity.Low)
        {
            (rows, int epochs) = context.LowFidelityAt(trial.Rung);
            options.MaxEpochs = Math.Min(options.MaxEpochs, epochs);
        }
        // A full-fidelity training (the post-search retraining) is the most expensive work of a run: cancelled before its
        // first checkpoint, it is validated as it stands rather than thrown away. A low-fidelity trial is cheap to lose.
        return Train(trial, context, options, rows, cancellationToken, validateOnCancel: trial.Fidelity == TrialFidelity.Full);
    }

    /// <summary>Trains <paramref name="trial"/>'s architecture from scratch with <paramref name="options"/> on
    /// <paramref name="rows"/>. A training cancelled after its first validation checkpoint comes back
    /// <see cref="TrialStatus.Cancelled"/> with the network of that best checkpoint; with <paramref name="validateOnCancel"/>,
    /// so does one cancelled after its first step (validated once as it stands). <paramref name="hooks"/> go to the trainer.</summary>
    internal static TrialOutcome Train(Trial trial, SearchContext context, CtrTrainingOptions options, CtrDataset rows,
        CancellationToken cancellationToken, bool validateOnCancel = false, TrainingHooks? hooks = null)
    {
        var clock = Stopwatch.StartNew();
        var space = context.Space;
        var cost = space.CostOf(trial.Indices);
        TrialResult Result(TrialStatus status, CtrMetrics? metrics, string? error = null)
            => TrialResult.Create(trial, context.Strategy, status, metrics, cost, context.Objective, clock.Elapsed.TotalSeconds, error);
        var trainer = new CtrTrainer(options);
        CtrModule? model = null;
        try
        {
            model = trainer.CreateModel(() => space.Build(trial.Indices));
            var training = validateOnCancel
                ? trainer.TrainKeepingSteps(model, rows, context.Validation, cancellationToken, hooks)
                : trainer.Train(model, rows, context.Validation, cancellationToken: cancellationToken, hooks: hooks);
            var status = training.StopReason == TrainingStopReason.Cancelled ? TrialStatus.Cancelled : TrialStatus.Completed;
            var validation = training.BestValidation;
            if (context.Calibrate)
                (model, validation) = Calibrate(model, context.Validation, options.PredictionBatchSize, validation);
            return new TrialOutcome(Result(status, validation), model) { Validation = validation };
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
    }

    /// <summary>Platt-scales <paramref name="model"/>'s logit on <paramref name="validation"/> (<see cref="PlattScaling"/>)
    /// and returns the wrapped network with its validation metrics after scaling. Scaling keeps the ranking, so the AUC
    /// is unchanged; the log loss and NE can only fall on these rows (the identity is the fit's starting point). A network
    /// with an infinite logit on these rows, or whose fitted scale is not positive, is returned as it is, with
    /// <paramref name="uncalibrated"/>.</summary>
    internal static (CtrModule Model, CtrMetrics Validation) Calibrate(CtrModule model, CtrDataset validation, int batchSize,
        CtrMetrics uncalibrated)
    {
        var labels = validation.Labels();
        var logits = CtrTrainer.PredictLogits(model, validation, batchSize);
        if (!Array.TrueForAll(logits, float.IsFinite))
            return (model, uncalibrated);
        var scaling = PlattScaling.Fit(labels, logits, PlattScaling.DefaultPriorStrength);
        // A scale <= 0 would reverse (or erase) the network's ranking: that is learning from the validation labels, not
        // calibrating, and it would hide a network that ranks them backwards. Such a network is returned as it is.
        if (!(scaling.Scale > 0))
            return (model, uncalibrated);
        return (new CalibratedModule(model, scaling.Scale, scaling.Bias), CtrMetrics.Compute(labels, scaling.Probabilities(logits)));
    }
}

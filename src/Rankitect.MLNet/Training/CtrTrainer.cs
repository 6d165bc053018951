using System.Diagnostics;
using System.Runtime.InteropServices;
using Rankitect.Data;
using Rankitect.Evaluation;
using Rankitect.Experiment;
using Rankitect.SearchSpaces.Modules;
using TorchSharp;
using static TorchSharp.torch;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.Training;

/// <summary>
/// The minibatch training loop every Rankitect model goes through: shuffled minibatches, binary cross-entropy on
/// logits, validation NE at checkpoints, early stopping that restores the best weights, cancellation between steps.
/// </summary>
public sealed class CtrTrainer
{
    private readonly CtrTrainingOptions _options;

    /// <summary>Creates a trainer.</summary>
    public CtrTrainer(CtrTrainingOptions? options = null)
    {
        _options = options ?? new CtrTrainingOptions();
        _options.Validate();
    }

    /// <summary>The options in use.</summary>
    public CtrTrainingOptions Options => _options;

    /// <summary>Seeds TorchSharp's generator with <see cref="CtrTrainingOptions.Seed"/> and creates a model, so the
    /// same seed gives the same initial weights.</summary>
    public TModel CreateModel<TModel>(Func<TModel> create) where TModel : CtrModule
        => SeededTorch.Create(_options.Seed, create);

    /// <summary>Trains <paramref name="model"/> in place and leaves it holding the weights with the best validation NE.</summary>
    /// <param name="model">The network to train.</param>
    /// <param name="train">Training rows.</param>
    /// <param name="validation">Validation rows (checkpoints, early stopping).</param>
    /// <param name="progress">Receives every validation checkpoint.</param>
    /// <param name="cancellationToken">Checked before every step and after its forward pass (a step cancelled there is abandoned).</param>
    /// <param name="hooks">Optional per-step and per-validation callbacks (e.g. one-shot supernet path sampling).</param>
    /// <exception cref="OperationCanceledException">Cancelled before the first validation checkpoint.</exception>
    public TrainingResult Train(CtrModule model, CtrDataset train, CtrDataset validation,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, TrainingHooks? hooks = null)
        => Run(model, train, validation, progress, cancellationToken, hooks, validateOnCancel: false);

    /// <summary>Like <see cref="Train"/>, except that a training cancelled after at least one step but before its first
    /// validation checkpoint is validated once as it stands and keeps those weights (stop reason
    /// <see cref="TrainingStopReason.Cancelled"/>), so its steps are not lost.</summary>
    /// <exception cref="OperationCanceledException">Cancelled before the first step.</exception>
    internal TrainingResult TrainKeepingSteps(CtrModule model, CtrDataset train, CtrDataset validation,
        CancellationToken cancellationToken, TrainingHooks? hooks = null)
        => Run(model, train, validation, progress: null, cancellationToken, hooks, validateOnCancel: true);

    private TrainingResult Run(CtrModule model, CtrDataset train, CtrDataset validation, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken, TrainingHooks? hooks, bool validateOnCancel)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        if (train.Count == 0)
            throw new ArgumentException("The training data has no rows.", nameof(train));
        if (validation.Count == 0)
            throw new ArgumentException("The validation data has no rows.", nameof(validation));
        if (!ReferenceEquals(train.Schema, validation.Schema) && train.Schema != validation.Schema)
            throw new ArgumentException("Training and validation data were featurized differently.", nameof(validation));

        TorchThreads.Use(_options.Threads ?? Environment.ProcessorCount);
        var validationLabels = validation.Labels();
        using var optimizer = StepOptimizer.ForModel(model, _options);
        // Its own mask stream, apart from the batch order's (same seed, another stream).
        using var dropout = _options.Dropout > 0 ? new SeededDropout(_options.Dropout, DerivedSeed.Of(_options.Seed, DerivedSeed.Dropout)) : null;
        model.SetDropout(dropout);

        int stepsPerEpoch = (train.Count + _options.BatchSize - 1) / _options.BatchSize;
        int checkpointEvery = Math.Max(1, stepsPerEpoch / _options.EvaluationsPerEpoch);
        var history = new List<TrainingProgress>();
        var total = Stopwatch.StartNew();
        var training = new Stopwatch();
        Dictionary<string, Tensor>? best = null;
        int bestCheckpoint = -1, sinceBest = 0;
        long steps = 0, samples = 0;
        double lossSum = 0;
        int lossCount = 0;
        var stopReason = TrainingStopReason.Completed;

        // After every step: the divergence check and the validation checkpoints; false ends the epoch.
        bool AfterStep(PassStep step)
        {
            steps++;
            lossSum += step.LogLoss;
            lossCount++;
            if (!double.IsFinite(step.LogLoss))
            {
                stopReason = TrainingStopReason.Diverged;
                return false;
            }
            samples += step.Rows;
            bool endOfEpoch = step.StepInPass == stepsPerEpoch;
            if (step.StepInPass % checkpointEvery != 0 && !endOfEpoch)
                return true;
            if (!endOfEpoch && stepsPerEpoch - step.StepInPass < checkpointEvery / 2)
                return true; // the end-of-epoch checkpoint is close; skip a near-duplicate
            training.Stop();
            return Checkpoint(step.Epoch);
        }

        // Validates the current weights and keeps them when they are the best so far; false stops the training.
        bool Checkpoint(int epoch)
        {
            hooks?.BeforeValidation?.Invoke();
            var predictions = Predict(model, validation, _options.PredictionBatchSize);
            if (Array.Exists(predictions, float.IsNaN))
            {
                stopReason = TrainingStopReason.Diverged;
                return false;
            }
            var metrics = CtrMetrics.Compute(validationLabels, predictions);
            var report = new TrainingProgress(epoch, steps, lossSum / Math.Max(1, lossCount), metrics, total.Elapsed.TotalSeconds);
            history.Add(report);
            progress?.Report(report);
            lossSum = 0;
            lossCount = 0;
            if (best is null || metrics.NormalizedEntropy < history[bestCheckpoint].Validation.NormalizedEntropy)
            {
                Dispose(best);
                best = Snapshot(model);
                bestCheckpoint = history.Count - 1;
                sinceBest = 0;
            }
            else if (++sinceBest >= _options.EarlyStoppingPatience)
            {
                stopReason = TrainingStopReason.EarlyStopped;
                return false;
            }
            model.train();
            training.Start();
            return true;
        }

        try
        {
            int lastEpoch = 0;
            for (int epoch = 1; epoch <= _options.MaxEpochs && stopReason == TrainingStopReason.Completed; epoch++)
            {
                model.train();
                training.Start();
                var pass = Pass(model, train, _options.BatchSize, CtrBatches.EpochOrder(train.Count, _options.Seed, epoch), epoch,
                    optimizer, hooks, AfterStep, cancellationToken, throwOnCancel: false, firstStep: steps);
                training.Stop();
                lastEpoch = epoch;
                if (pass.Cancelled)
                    stopReason = TrainingStopReason.Cancelled;
            }
            // Cancelled between checkpoints before the first one: with validateOnCancel the steps taken are kept.
            if (best is null && stopReason == TrainingStopReason.Cancelled && validateOnCancel && steps > 0)
            {
                Checkpoint(lastEpoch); // NaN predictions: Diverged, and no checkpoint (then the cancellation is thrown below)
                training.Stop();
            }

            if (best is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (stopReason == TrainingStopReason.Diverged)
                    throw new InvalidOperationException($"Training diverged at step {steps} (the loss or the predictions became NaN or infinite) " +
                        $"before any validation checkpoint; lower the learning rate ({_options.Optimizer}, {_options.EffectiveLearningRate}).");
                throw new InvalidOperationException("Training ended without a validation checkpoint.");
            }
            Restore(model, best);
        }
        finally
        {
            Dispose(best);
            model.SetDropout(null);
        }

        double trainSeconds = training.Elapsed.TotalSeconds;
        return new TrainingResult(history[bestCheckpoint].Validation, bestCheckpoint, history, stopReason, steps,
            trainSeconds, total.Elapsed.TotalSeconds, trainSeconds > 0 ? samples / trainSeconds : 0);
    }

    /// <summary>
    /// One pass of minibatch steps over <paramref name="data"/> in <paramref name="order"/>: the only place in Rankitect
    /// where a batch becomes a loss, a backward pass and an update. Every training goes through it: <see cref="Train"/>
    /// epoch by epoch, the DNAS weight and architecture passes, the supernet's output-layer fine-tuning.
    /// Per step: <see cref="TrainingHooks.BeforeStep"/> (outside the step's dispose scope), clear gradients,
    /// <see cref="TrainingHooks.BeforeForward"/>, forward, log loss (+ <see cref="TrainingHooks.AdditionalLoss"/>),
    /// backward, update, then <paramref name="afterStep"/> (false ends the pass). A cancellation seen after the forward
    /// pass abandons that step (no update). The caller sets train/eval mode.
    /// </summary>
    /// <param name="model">The network to train; its parameters are the ones <paramref name="optimizer"/> updates.</param>
    /// <param name="data">The rows to train on.</param>
    /// <param name="batchSize">Rows per step (the last batch of the pass may be smaller).</param>
    /// <param name="order">Row indices in the order to visit them, e.g. a shuffled permutation; null for every row in storage order.</param>
    /// <param name="epoch">The epoch number reported in each <see cref="PassStep"/>.</param>
    /// <param name="optimizer">Clears the gradients before and updates the parameters after each backward pass.</param>
    /// <param name="hooks">Optional per-step callbacks (before the step, before the forward pass, an additional loss term).</param>
    /// <param name="afterStep">Called after each step with its losses; returning false ends the pass early.</param>
    /// <param name="cancellationToken">Checked before each step and after its forward pass (a step cancelled there is abandoned, not applied).</param>
    /// <param name="throwOnCancel">Throw <see cref="OperationCanceledException"/> when cancelled (else return with
    /// <see cref="PassResult.Cancelled"/> set).</param>
    /// <param name="firstStep">Steps taken before this pass (what <see cref="TrainingHooks.BeforeStep"/> receives).</param>
    internal static PassResult Pass(CtrModule model, CtrDataset data, int batchSize, IReadOnlyList<int>? order, int epoch,
        StepOptimizer optimizer, TrainingHooks? hooks, Func<PassStep, bool>? afterStep, CancellationToken cancellationToken,
        bool throwOnCancel = true, long firstStep = 0)
    {
        int stepInPass = 0;
        double lossSum = 0;
        foreach (var batch in CtrBatches.Batches(data, batchSize, order))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                batch.Dispose();
                if (throwOnCancel)
                    cancellationToken.ThrowIfCancellationRequested();
                return new PassResult(stepInPass, stepInPass == 0 ? double.NaN : lossSum / stepInPass, Cancelled: true);
            }
            hooks?.BeforeStep?.Invoke(firstStep + stepInPass); // outside the step's scope: what it creates must outlive the step
            double logLoss, total = double.NaN;
            bool abandoned = false;
            using (var scope = NewDisposeScope())
            {
                scope.Attach(new IDisposable[] { batch.Dense, batch.Ids, batch.Labels });
                optimizer.ZeroGrad();
                hooks?.BeforeForward?.Invoke();
                var logits = model.forward(batch.Dense, batch.Ids);
                var loss = nn.functional.binary_cross_entropy_with_logits(logits, batch.Labels);
                logLoss = loss.item<float>();
                // Backward and the update take most of a step (seconds for a large supernet on a busy machine): a
                // cancellation that arrived during the forward pass abandons the step rather than waiting for them.
                if (cancellationToken.IsCancellationRequested)
                {
                    optimizer.ZeroGrad(); // forgets the forward pass's pending embedding lookups
                    abandoned = true;
                }
                else
                {
                    if (hooks?.AdditionalLoss?.Invoke() is { } extra)
                        loss = loss.add(extra.to_type(ScalarType.Float32), One);
                    loss.backward();
                    optimizer.Step();
                    total = hooks?.AdditionalLoss is null ? logLoss : loss.item<float>();
                }
            }
            if (abandoned)
            {
                if (throwOnCancel)
                    cancellationToken.ThrowIfCancellationRequested();
                return new PassResult(stepInPass, stepInPass == 0 ? double.NaN : lossSum / stepInPass, Cancelled: true);
            }
            stepInPass++;
            lossSum += total;
            if (afterStep is not null && !afterStep(new PassStep(epoch, stepInPass, batch.Count, logLoss, total)))
                break;
        }
        return new PassResult(stepInPass, stepInPass == 0 ? double.NaN : lossSum / stepInPass, Cancelled: false);
    }

    /// <summary>Click probabilities of every row of <paramref name="data"/>, in row order.</summary>
    public static float[] Predict(CtrModule model, CtrDataset data, int batchSize = 8192)
        => Score(model, data, batchSize, probabilities: true);

    /// <summary>Logits (the network's output before the sigmoid) of every row of <paramref name="data"/>, in row order.</summary>
    public static float[] PredictLogits(CtrModule model, CtrDataset data, int batchSize = 8192)
        => Score(model, data, batchSize, probabilities: false);

    private static float[] Score(CtrModule model, CtrDataset data, int batchSize, bool probabilities)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        var result = new float[data.Count];
        int offset = 0;
        bool wasTraining = model.training;
        model.eval();
        using (no_grad())
        {
            foreach (var batch in CtrBatches.Batches(data, batchSize))
            {
                using var scope = NewDisposeScope();
                scope.Attach(new IDisposable[] { batch.Dense, batch.Ids, batch.Labels });
                var logits = model.forward(batch.Dense, batch.Ids);
                var output = (probabilities ? logits.sigmoid() : logits).contiguous();
                MemoryMarshal.Cast<byte, float>(output.bytes).CopyTo(result.AsSpan(offset, batch.Count));
                offset += batch.Count;
            }
        }
        model.train(wasTraining);
        return result;
    }

    /// <summary>Metrics of <paramref name="model"/> on <paramref name="data"/>.</summary>
    public static CtrMetrics Evaluate(CtrModule model, CtrDataset data, int batchSize = 8192)
        => CtrMetrics.Compute(data.Labels(), Predict(model, data, batchSize));

    private static Dictionary<string, Tensor> Snapshot(CtrModule model)
    {
        using var scope = NewDisposeScope();
        var copy = new Dictionary<string, Tensor>();
        foreach (var (name, value) in model.state_dict())
            copy[name] = value.detach().clone().MoveToOuterDisposeScope().DetachFromDisposeScope();
        return copy;
    }

    private static void Restore(CtrModule model, Dictionary<string, Tensor> state)
    {
        using var _ = no_grad();
        foreach (var (name, value) in model.state_dict())
            value.copy_(state[name]);
    }

    private static void Dispose(Dictionary<string, Tensor>? state)
    {
        if (state is null) return;
        foreach (var tensor in state.Values)
            tensor.Dispose();
        state.Clear();
    }
}

using System.Diagnostics;
using Rankitect.Data;
using Rankitect.Native;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Cost;
using Rankitect.SearchSpaces.Models;
using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Spaces;
using Rankitect.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rankitect.Strategies.Dnas;

/// <summary>
/// Differentiable architecture search (DNAS with Gumbel-softmax, as in DNAS-for-CTR / FBNet) over any
/// <see cref="IArchitectureSpace"/> (by default the DLRM-style <see cref="DlrmSpace"/>): every choice gets logits theta
/// (init 0); the space's supernet mixes each choice's candidates by a Gumbel-softmax sample at temperature
/// T = T0·exp(−r·epoch). After a weight-only warm-up, each architecture epoch runs weight steps on the weight split,
/// then theta steps on the architecture split with loss BCE + cost term (c·ln E[FLOPs] from the space's cost formula
/// under softmax(theta), or a hinge against a FLOPs budget). The argmax architecture is then retrained from scratch
/// with <see cref="CtrTrainer"/>.
/// </summary>
public sealed class DnasSearch
{
    private readonly DnasOptions _options;

    /// <summary>Creates the search.</summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    public DnasSearch(DnasOptions? options = null)
    {
        _options = options ?? new DnasOptions();
        _options.Validate();
    }

    /// <summary>The options in use.</summary>
    public DnasOptions Options => _options;

    /// <summary>Searches the DLRM space of <see cref="DnasOptions.Space"/>; see
    /// <see cref="Search(IArchitectureSpace, CtrDataset, CtrDataset, IProgress{DnasProgress}?, CancellationToken)"/>.</summary>
    public DnasResult Search(CtrDataset train, CtrDataset validation, IProgress<DnasProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        return Search(new DlrmSpace(new CtrFeatureShape(train.Schema.DenseWidth, train.Schema.Cardinalities), _options.Space),
            train, validation, progress, cancellationToken);
    }

    /// <summary>Searches <paramref name="space"/> on <paramref name="train"/> (split into weight and architecture rows),
    /// then retrains the derived architecture on all of <paramref name="train"/> with early stopping on
    /// <paramref name="validation"/>.</summary>
    /// <param name="space">The space; its shape must be the data's.</param>
    /// <param name="train">Training rows (at least one dense input and one categorical field).</param>
    /// <param name="validation">Validation rows (early stopping of the retraining, reported metrics).</param>
    /// <param name="progress">Receives every step and epoch end.</param>
    /// <param name="cancellationToken">Checked before every step. When it fires after at least one theta step, the
    /// architecture derived from the current theta is retrained briefly and returned with
    /// <see cref="DnasResult.Cancelled"/> set.</param>
    /// <exception cref="OperationCanceledException">Cancelled before any theta step.</exception>
    public DnasResult Search(IArchitectureSpace space, CtrDataset train, CtrDataset validation, IProgress<DnasProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        if (train.Count < 2)
            throw new ArgumentException("DNAS needs at least two training rows.", nameof(train));
        if (validation.Count == 0)
            throw new ArgumentException("The validation data has no rows.", nameof(validation));
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(_options.Threads ?? Environment.ProcessorCount);

        if (space.Shape.DenseWidth != train.Schema.DenseWidth || !space.Shape.Cardinalities.SequenceEqual(train.Schema.Cardinalities))
            throw new ArgumentException($"The space is built for {space.Shape.DenseWidth} dense inputs and cardinalities " +
                $"[{string.Join(", ", space.Shape.Cardinalities)}], the data has {train.Schema.DenseWidth} and [{string.Join(", ", train.Schema.Cardinalities)}].", nameof(space));
        var history = new List<DnasProgress>();
        // The time budget ends the search like a cancellation, but the derived architecture is then retrained fully.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.TimeBudget is { } limit)
            budget.CancelAfter(limit);
        int[] architecture;
        IReadOnlyList<ChoiceProbabilities> probabilities;
        bool cancelled;
        try
        {
            (architecture, probabilities, cancelled) = RunSearch(space, train, progress, history, budget.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The DNAS time budget of {_options.TimeBudget!.Value.TotalSeconds:F1} s ran out before the first " +
                $"architecture step; raise {nameof(DnasOptions.TimeBudget)} or lower {nameof(DnasOptions.WarmupEpochs)}.", e);
        }
        cancelled &= cancellationToken.IsCancellationRequested;
        var cost = space.CostOf(architecture);

        var retrainOptions = _options.Retraining ?? new CtrTrainingOptions
        {
            Seed = _options.Seed, Threads = _options.Threads, BatchSize = _options.BatchSize,
        };
        CtrModule? model = null;
        TrainingResult? retraining = null;
        if (!cancelled)
        {
            var trainer = new CtrTrainer(retrainOptions);
            model = trainer.CreateModel(() => space.Build(architecture));
            try
            {
                retraining = trainer.Train(model, train, validation, cancellationToken: cancellationToken);
                cancelled = retraining.StopReason == TrainingStopReason.Cancelled;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                model.Dispose();
                model = null;
                cancelled = true;
            }
        }
        if (model is null || retraining is null)
            (model, retraining) = RetrainBriefly(space, architecture, retrainOptions, train, validation);
        return new DnasResult(architecture, space.Describe(architecture), space.ToJson(architecture), cost, model,
            retraining.BestValidation, retraining, history, probabilities, cancelled);
    }

    // The search proper: returns the derived architecture, theta's softmax, and whether it was cancelled.
    private (int[], IReadOnlyList<ChoiceProbabilities>, bool) RunSearch(IArchitectureSpace space, CtrDataset train, IProgress<DnasProgress>? progress, List<DnasProgress> history, CancellationToken cancellationToken)
    {
        var o = _options;
        var (weightRows, thetaRows) = train.StratifiedSplit(o.WeightSplit, o.Seed);
        if (weightRows.Count == 0 || thetaRows.Count == 0)
            throw new ArgumentException("Too few training rows to split into weight and architecture rows.", nameof(train));

        using var supernet = SeededTorch.Create(o.Seed, space.CreateSupernet);
        var theta = space.Choices.Select(c => new Parameter(zeros(c.Count))).ToArray();
        foreach (var t in theta) t.DetachFromDisposeScope();
        try
        {
            return Run(space, supernet, theta, weightRows, thetaRows, progress, history, cancellationToken);
        }
        finally
        {
            foreach (var t in theta) t.Dispose();
        }
    }

    private (int[], IReadOnlyList<ChoiceProbabilities>, bool) Run(IArchitectureSpace space,
        CtrSupernet supernet, Parameter[] theta, CtrDataset weightRows, CtrDataset thetaRows, IProgress<DnasProgress>? progress,
        List<DnasProgress> history, CancellationToken cancellationToken)
    {
        var o = _options;
        var tables = supernet.modules().OfType<SparseEmbeddingTable>().ToList();
        var sparseHandles = tables.Select(t => t.Weight.Handle).ToHashSet();
        var weights = supernet.parameters().Where(p => !sparseHandles.Contains(p.Handle)).ToList();
        using var weightOptimizer = optim.Adam(weights, o.WeightLearningRate);
        using var sparseOptimizer = new SparseRowOptimizer(tables, OptimizerKind.Adam, o.WeightLearningRate, 0);
        using var thetaOptimizer = optim.Adam(theta, o.ThetaLearningRate);
        var gumbel = new GumbelSoftmax(o.Seed);
        var clock = Stopwatch.StartNew();
        long steps = 0, thetaSteps = 0;
        int epoch = 0;
        var (probabilities, expectedFlops) = Snapshot(space, theta);

        void Report(DnasProgress report, bool keep)
        {
            if (keep) history.Add(report);
            progress?.Report(report);
        }

        // One pass of weight steps (theta frozen) or of theta steps (weights frozen) over data; returns the mean loss.
        double Pass(CtrDataset data, DnasPhase phase, double temperature)
        {
            double sum = 0;
            int count = 0;
            bool architectureStep = phase == DnasPhase.Architecture;
            supernet.train();
            foreach (var batch in CtrBatches.Batches(data, o.BatchSize, CtrBatches.EpochOrder(data.Count, o.Seed, epoch)))
            {
                using var scope = NewDisposeScope();
                scope.Attach(new IDisposable[] { batch.Dense, batch.Ids, batch.Labels });
                cancellationToken.ThrowIfCancellationRequested();
                weightOptimizer.zero_grad();
                thetaOptimizer.zero_grad();
                sparseOptimizer.ZeroGrad();
                var gates = gumbel.Sample(theta, temperature, detach: !architectureStep);
                supernet.SetGates(gates);
                var logits = supernet.forward(batch.Dense, batch.Ids);
                var loss = nn.functional.binary_cross_entropy_with_logits(logits, batch.Labels);
                double bce = loss.item<float>();
                if (architectureStep)
                {
                    loss = loss + CostPenalty(space, theta).to_type(ScalarType.Float32);
                    loss.backward();
                    thetaOptimizer.step();
                    sparseOptimizer.ZeroGrad(); // the lookups of a theta step must not move embedding rows
                    thetaSteps++;
                }
                else
                {
                    loss.backward();
                    weightOptimizer.step();
                    sparseOptimizer.Step();
                }
                double value = architectureStep ? loss.item<float>() : bce;
                sum += value;
                count++;
                steps++;
                if (architectureStep)
                    (probabilities, expectedFlops) = Snapshot(space, theta);
                Report(new DnasProgress(phase, epoch, steps, architectureStep ? null : value, architectureStep ? value : null,
                    temperature, expectedFlops, probabilities, clock.Elapsed.TotalSeconds), keep: architectureStep);
            }
            return count == 0 ? double.NaN : sum / count;
        }

        try
        {
            for (int w = 0; w < o.WarmupEpochs; w++)
            {
                epoch++;
                double loss = Pass(weightRows, DnasPhase.Warmup, o.InitialTemperature);
                Report(new DnasProgress(DnasPhase.EpochEnd, epoch, steps, loss, null, o.InitialTemperature, expectedFlops,
                    probabilities, clock.Elapsed.TotalSeconds), keep: true);
            }
            for (int a = 0; a < o.SearchEpochs; a++)
            {
                epoch++;
                double temperature = o.Temperature(a);
                double weightLoss = Pass(weightRows, DnasPhase.Weights, temperature);
                double thetaLoss = Pass(thetaRows, DnasPhase.Architecture, temperature);
                Report(new DnasProgress(DnasPhase.EpochEnd, epoch, steps, weightLoss, thetaLoss, temperature, expectedFlops,
                    probabilities, clock.Elapsed.TotalSeconds), keep: true);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && thetaSteps > 0)
        {
            return (WithinBudget(space, Derive(theta), theta), probabilities, true);
        }
        finally
        {
            sparseOptimizer.ZeroGrad();
        }
        return (WithinBudget(space, Derive(theta), theta), probabilities, false);
    }

    // c · ln E[FLOPs], or the hinge c · max(0, ln E[FLOPs] − ln budget); E under softmax(theta), no Gumbel noise.
    private Tensor CostPenalty(IArchitectureSpace space, IReadOnlyList<Tensor> theta)
    {
        var logFlops = ExpectedFlops(space, theta).log();
        var term = _options.FlopsBudget is { } budget ? (logFlops - Math.Log(budget)).clamp_min(0) : logFlops;
        return term * _options.CostWeight;
    }

    private static Tensor ExpectedFlops(IArchitectureSpace space, IReadOnlyList<Tensor> theta)
        => space.Cost(new TensorCostAlgebra(theta.Select(t => t.softmax(0)).ToArray())).Flops;

    private static (IReadOnlyList<ChoiceProbabilities>, double) Snapshot(IArchitectureSpace space, IReadOnlyList<Tensor> theta)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var result = new ChoiceProbabilities[theta.Count];
        for (int c = 0; c < theta.Count; c++)
        {
            var choice = space.Choices[c];
            var p = theta[c].softmax(0).to_type(ScalarType.Float64).data<double>().ToArray();
            result[c] = new ChoiceProbabilities(choice.Name, Enumerable.Range(0, choice.Count).Select(choice.Label).ToArray(), p);
        }
        return (result, ExpectedFlops(space, theta).item<double>());
    }

    // Argmax per choice; ties go to the first candidate, so the result depends only on theta.
    private static int[] Derive(IReadOnlyList<Tensor> theta)
    {
        using var scope = NewDisposeScope();
        var indices = new int[theta.Count];
        for (int c = 0; c < theta.Count; c++)
        {
            var values = theta[c].detach().data<float>().ToArray();
            int best = 0;
            for (int k = 1; k < values.Length; k++)
                if (values[k] > values[best]) best = k;
            indices[c] = best;
        }
        return indices;
    }

    // The FLOPs penalty is soft, so the argmax can exceed the budget. Then the most probable architecture within it,
    // greedily: switch the choice whose cheaper candidate loses the least log-probability per FLOP saved, until it fits.
    private int[] WithinBudget(IArchitectureSpace space, int[] indices, IReadOnlyList<Tensor> theta)
    {
        if (_options.FlopsBudget is not { } budget)
            return indices;
        double[][] logp;
        using (NewDisposeScope())
            logp = theta.Select(t => t.detach().log_softmax(0).to_type(ScalarType.Float64).data<double>().ToArray()).ToArray();
        var current = (int[])indices.Clone();
        double flops = space.CostOf(current).Flops;
        while (flops > budget)
        {
            (int Choice, int Candidate, double Flops, double Score)? best = null;
            for (int c = 0; c < current.Length; c++)
            {
                int was = current[c];
                for (int k = 0; k < logp[c].Length; k++)
                {
                    if (k == was) continue;
                    current[c] = k;
                    double candidateFlops = space.CostOf(current).Flops;
                    current[c] = was;
                    if (candidateFlops >= flops) continue;
                    double score = (logp[c][was] - logp[c][k]) / (flops - candidateFlops);
                    if (best is null || score < best.Value.Score)
                        best = (c, k, candidateFlops, score);
                }
            }
            if (best is not { } step)
                throw new InvalidOperationException($"No architecture of the '{space.Name}' space reachable from the derived one fits the FLOPs budget " +
                    $"of {budget:N0} (the cheapest reached has {flops:N0} FLOPs per example); raise {nameof(DnasOptions.FlopsBudget)}.");
            current[step.Choice] = step.Candidate;
            flops = step.Flops;
        }
        return current;
    }

    // After a cancellation: one uncancellable epoch on a bounded number of rows, so a usable model returns quickly.
    private (CtrModule, TrainingResult) RetrainBriefly(IArchitectureSpace space, int[] architecture,
        CtrTrainingOptions options, CtrDataset train, CtrDataset validation)
    {
        var brief = new CtrTrainer(new CtrTrainingOptions
        {
            Optimizer = options.Optimizer, LearningRate = options.LearningRate, WeightDecay = options.WeightDecay,
            BatchSize = options.BatchSize, MaxEpochs = 1, EvaluationsPerEpoch = 1, Seed = options.Seed,
            Threads = options.Threads, PredictionBatchSize = options.PredictionBatchSize,
        });
        var rows = train.Count <= _options.CancelledRetrainingRows ? train
            : train.Select(Enumerable.Range(0, _options.CancelledRetrainingRows).ToArray());
        var model = brief.CreateModel(() => space.Build(architecture));
        try
        {
            return (model, brief.Train(model, rows, validation));
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}

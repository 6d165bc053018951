using System.Diagnostics;
using Rankitect.Data;
using Rankitect.Experiment;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Cost;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rankitect.Strategies.Dnas;

/// <summary>
/// Differentiable architecture search (DNAS with Gumbel-softmax, as in DNAS-for-CTR / FBNet) over any
/// <see cref="IArchitectureSpace"/>: every choice gets logits theta (init 0); the space's supernet mixes each choice's
/// candidates by a Gumbel-softmax sample at temperature T = T0·exp(−r·epoch). After a weight-only warm-up, each
/// architecture epoch runs weight steps on the weight split, then theta steps on the architecture split with loss
/// BCE + cost term (c·ln E[FLOPs] from the space's cost formula under softmax(theta), or a hinge against the FLOPs
/// budget). Both step kinds are passes of <see cref="CtrTrainer"/>'s one training loop. The candidate is the argmax
/// architecture (the most probable one within the FLOPs budget); the experiment retrains it from scratch.
/// When cancelled or out of time after at least one theta step, the architecture derived from the current theta is the
/// candidate; before that, there is none.
/// </summary>
public sealed class DnasStrategy : ISearchStrategy
{
    /// <summary>The cost weight DNAS uses when the objective sets none: the log loss moves theta weakly (its gradient
    /// through a gate is of the order of 0.001–0.01 per step), so c of that order trades quality for cost, while
    /// c ≥ 0.01 already drives most choices to their cheapest candidate (measured on small synthetic data: c = 0.003
    /// kept cross interaction and 28k FLOPs, c = 0.01 chose concat at 9–15k FLOPs, c = 1 all skips and FM at 0.6k FLOPs).</summary>
    public const double CostWeight = 0.003;

    private readonly DnasOptions _options;

    /// <summary>Creates the strategy.</summary>
    /// <exception cref="ArgumentException">Invalid options (the message names the option).</exception>
    public DnasStrategy(DnasOptions? options = null)
    {
        _options = options ?? new DnasOptions();
        _options.Validate();
    }

    /// <summary>The options in use.</summary>
    public DnasOptions Options => _options;

    /// <inheritdoc/>
    public string Name => "dnas";

    /// <inheritdoc/>
    public double DefaultCostWeight => CostWeight;

    /// <inheritdoc/>
    public Task<SearchOutcome> SearchAsync(SearchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Train.Count < 2)
            throw new ArgumentException("DNAS needs at least two training rows.", nameof(context));
        TorchThreads.Use(context.Threads);

        var (weightRows, thetaRows) = context.Train.StratifiedSplit(_options.WeightSplit, context.Seed);
        if (weightRows.Count == 0 || thetaRows.Count == 0)
            throw new ArgumentException("Too few training rows to split into weight and architecture rows.", nameof(context));
        var space = context.Space;
        using var supernet = SeededTorch.Create(context.Seed, space.CreateSupernet);
        var theta = space.Choices.Select(c => new Parameter(zeros(c.Count))).ToArray();
        foreach (var t in theta) t.DetachFromDisposeScope();
        try
        {
            var history = new List<SearchStep>();
            var derived = Run(context, supernet, theta, weightRows, thetaRows, history);
            var candidates = derived is null ? Array.Empty<SearchCandidate>() : [new SearchCandidate(derived)];
            return Task.FromResult(new SearchOutcome(candidates) { History = history });
        }
        finally
        {
            foreach (var t in theta) t.Dispose();
        }
    }

    // The search proper: the derived architecture, or null when stopped before the first theta step.
    private int[]? Run(SearchContext context, CtrSupernet supernet, Parameter[] theta, CtrDataset weightRows, CtrDataset thetaRows,
        List<SearchStep> history)
    {
        var o = _options;
        var space = context.Space;
        var objective = context.Objective;
        var token = context.CancellationToken;
        using var weights = StepOptimizer.ForModel(supernet, OptimizerKind.Adam, o.WeightLearningRate, 0);
        using var thetaSteps = StepOptimizer.Only(theta, o.ThetaLearningRate, frozen: weights);
        var gumbel = new GumbelSoftmax(context.Seed);
        long steps = 0, architectureSteps = 0;
        int epoch = 0;
        int totalEpochs = o.WarmupEpochs + o.SearchEpochs;
        var (probabilities, expectedFlops) = Snapshot(space, theta);

        void Record(double weightLoss, double? architectureLoss, double temperature, bool epochEnd)
            => history.Add(new SearchStep((int)steps, epoch, weightLoss, architectureLoss, temperature,
                probabilities.ToDictionary(c => c.Choice, c => c.Probabilities.ToArray())) { IsEpochEnd = epochEnd, ExpectedFlops = expectedFlops });

        // One pass of weight steps (theta frozen, gates detached) or of theta steps (weights frozen) over data.
        double Pass(CtrDataset data, bool architecture, double temperature)
        {
            supernet.train();
            var hooks = new TrainingHooks
            {
                BeforeForward = () => supernet.SetGates(gumbel.Sample(theta, temperature, detach: !architecture)),
                AdditionalLoss = architecture ? () => CostPenalty(space, theta, objective) : null,
            };
            return CtrTrainer.Pass(supernet, data, o.BatchSize, CtrBatches.EpochOrder(data.Count, context.Seed, epoch), epoch,
                architecture ? thetaSteps : weights, hooks, step =>
                {
                    steps++;
                    // A NaN or infinite loss poisons theta and every weight: no architecture derived after it means anything.
                    if (!double.IsFinite(step.Loss))
                        throw new InvalidOperationException($"DNAS diverged at epoch {epoch}, step {steps}: the {(architecture ? "architecture" : "weight")} loss " +
                            $"is {step.Loss}. Lower {nameof(DnasOptions)}.{(architecture ? nameof(DnasOptions.ThetaLearningRate) : nameof(DnasOptions.WeightLearningRate))} " +
                            $"({(architecture ? o.ThetaLearningRate : o.WeightLearningRate)}).");
                    if (architecture)
                    {
                        architectureSteps++;
                        (probabilities, expectedFlops) = Snapshot(space, theta);
                        Record(double.NaN, step.Loss, temperature, epochEnd: false);
                    }
                    return true;
                }, token).MeanLoss;
        }

        try
        {
            for (int w = 0; w < o.WarmupEpochs; w++)
            {
                epoch++;
                double loss = Pass(weightRows, architecture: false, o.InitialTemperature);
                Record(loss, null, o.InitialTemperature, epochEnd: true);
                context.Report($"epoch {epoch} (warm-up): weight loss {loss:F4}", (double)epoch / totalEpochs);
            }
            for (int a = 0; a < o.SearchEpochs; a++)
            {
                epoch++;
                double temperature = o.Temperature(a);
                double weightLoss = Pass(weightRows, architecture: false, temperature);
                double thetaLoss = Pass(thetaRows, architecture: true, temperature);
                Record(weightLoss, thetaLoss, temperature, epochEnd: true);
                context.Report($"epoch {epoch}: weight loss {weightLoss:F4}, architecture loss {thetaLoss:F4}, temperature {temperature:F3}, " +
                    $"expected {expectedFlops:N0} FLOPs/example", (double)epoch / totalEpochs);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            if (architectureSteps == 0)
                return null;
            context.Report($"stopped after {architectureSteps} architecture steps: deriving from the current theta");
        }
        return WithinBudget(space, Derive(theta), theta, objective.FlopsBudget);
    }

    // c · ln E[FLOPs], or the hinge c · max(0, ln E[FLOPs] − ln budget); E under softmax(theta), no Gumbel noise.
    // Scalars are held in `using` variables, not made implicitly: TorchSharp 0.107 can finalize an implicit Scalar while
    // the native call still reads it.
    private static Tensor CostPenalty(IArchitectureSpace space, IReadOnlyList<Tensor> theta, SearchObjective objective)
    {
        using var weight = objective.CostWeight.ToScalar();
        using var zero = 0.0.ToScalar();
        using var logBudget = Math.Log(objective.FlopsBudget ?? 1).ToScalar();
        var logFlops = ExpectedFlops(space, theta).log();
        var term = objective.FlopsBudget is not null ? logFlops.sub(logBudget).clamp_min(zero) : logFlops;
        return term.mul(weight);
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
    private static int[] WithinBudget(IArchitectureSpace space, int[] indices, IReadOnlyList<Tensor> theta, long? flopsBudget)
    {
        if (flopsBudget is not { } budget)
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
                    $"of {budget:N0} (the cheapest reached has {flops:N0} FLOPs per example); raise {nameof(RankitectOptions.FlopsBudget)}.");
            current[step.Choice] = step.Candidate;
            flops = step.Flops;
        }
        return current;
    }
}

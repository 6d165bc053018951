using Rankitect.SearchSpaces.Spaces;
using Rankitect.Training;

namespace Rankitect.Strategies.Dnas;

/// <summary>Options of <see cref="DnasSearch"/>. Defaults suit Criteo-shaped data on a small CPU with the default
/// (small) <see cref="DlrmSpaceOptions"/>. Measured on 2 cores, synthetic Criteo-shaped data (13 dense, 26 fields),
/// 100k training rows: about 80 s of search (1 warm-up + 4 architecture epochs, ~945 steps) plus ~10 s of
/// retraining; time grows linearly with the rows.</summary>
public sealed class DnasOptions
{
    /// <summary>The candidate sets searched. Default: <c>new DlrmSpaceOptions()</c> (the small default space).</summary>
    public DlrmSpaceOptions Space { get; set; } = new();

    /// <summary>Passes of weight-only training over the weight split before the architecture is trained (with
    /// Gumbel samples at the initial temperature and theta frozen at 0, i.e. uniform). Default: 1.</summary>
    public int WarmupEpochs { get; set; } = 1;

    /// <summary>Architecture epochs: each is one pass of weight steps over the weight split followed by one pass of
    /// theta steps over the architecture split. Default: 4.</summary>
    public int SearchEpochs { get; set; } = 4;

    /// <summary>Share of the training rows used for weight steps; the rest (stratified by label) trains theta.
    /// Default: 0.8.</summary>
    public double WeightSplit { get; set; } = 0.8;

    /// <summary>Rows per minibatch of both step kinds. Default: 512.</summary>
    public int BatchSize { get; set; } = 512;

    /// <summary>Adam learning rate of the supernet weights (dense layers, and lazy Adam on embedding rows). Default: 0.001.</summary>
    public double WeightLearningRate { get; set; } = 0.001;

    /// <summary>Adam learning rate of the architecture logits theta. Default: 0.05.</summary>
    public double ThetaLearningRate { get; set; } = 0.05;

    /// <summary>Gumbel-softmax temperature T0 of architecture epoch 0 (and of the warm-up). Default: 1.</summary>
    public double InitialTemperature { get; set; } = 1.0;

    /// <summary>Decay rate r of the temperature, T = T0 · exp(-r · architecture epoch) (epochs from 0). Default: 0.2.</summary>
    public double TemperatureDecay { get; set; } = 0.2;

    /// <summary>Weight c of the cost term of the theta loss. Without <see cref="FlopsBudget"/> the term is
    /// c · ln E[FLOPs] (expected FLOPs per example under softmax(theta)); with it, the hinge
    /// c · max(0, ln E[FLOPs] − ln budget). 0 searches for quality alone. The log loss moves theta weakly (its
    /// gradient through a gate is of the order of 0.001–0.01 per step), so c of that order trades quality for cost,
    /// while c ≥ 0.01 already drives most choices to their cheapest candidate (measured on small synthetic data:
    /// c = 0.003 kept cross interaction and 28k FLOPs, c = 0.01 chose concat at 9–15k FLOPs, c = 1 all skips and FM
    /// at 0.6k FLOPs). Default: 0.003.</summary>
    public double CostWeight { get; set; } = 0.003;

    /// <summary>Optional FLOPs-per-example budget that turns the cost term into a hinge (see <see cref="CostWeight"/>)
    /// and bounds the derived architecture: when the argmax exceeds it, the most probable architecture within it is
    /// derived instead (greedy, least log-probability lost per FLOP saved). Default: null (no budget).</summary>
    public double? FlopsBudget { get; set; }

    /// <summary>Options of the retraining of the derived architecture from scratch with <see cref="CtrTrainer"/>
    /// (early stopping on validation NE). Default: null, which means <c>new CtrTrainingOptions</c> with
    /// <see cref="Seed"/>, <see cref="Threads"/> and <see cref="BatchSize"/>; given options are used as they are.</summary>
    public CtrTrainingOptions? Retraining { get; set; }

    /// <summary>When the search is cancelled after at least one theta step, the architecture derived from the current
    /// theta is retrained for one (uncancellable) epoch on at most this many training rows, so that a result still
    /// comes back quickly. Default: 8192.</summary>
    public int CancelledRetrainingRows { get; set; } = 8192;

    /// <summary>Wall-clock budget of the search proper (warm-up and architecture epochs). When it runs out after at least
    /// one architecture step, the architecture derived from the current theta is retrained as usual. Default null:
    /// every epoch runs.</summary>
    public TimeSpan? TimeBudget { get; set; }

    /// <summary>Seed of the supernet's weights, the data split, the batch order and the Gumbel noise. Default: 0.</summary>
    public int Seed { get; set; }

    /// <summary>TorchSharp intra-op threads. Same seed, data and threads give the same architecture. Default: null,
    /// which means <see cref="Environment.ProcessorCount"/>.</summary>
    public int? Threads { get; set; }

    internal void Validate()
    {
        var errors = Space?.Check().ToList() ?? new List<string> { "Space is required." };
        if (WarmupEpochs < 0) errors.Add("WarmupEpochs must be >= 0.");
        if (SearchEpochs <= 0) errors.Add("SearchEpochs must be positive.");
        if (!(WeightSplit > 0 && WeightSplit < 1)) errors.Add("WeightSplit must be in (0, 1).");
        if (BatchSize <= 0) errors.Add("BatchSize must be positive.");
        if (!(WeightLearningRate > 0) || double.IsInfinity(WeightLearningRate)) errors.Add("WeightLearningRate must be a positive number.");
        if (!(ThetaLearningRate > 0) || double.IsInfinity(ThetaLearningRate)) errors.Add("ThetaLearningRate must be a positive number.");
        if (!(InitialTemperature > 0) || double.IsInfinity(InitialTemperature)) errors.Add("InitialTemperature must be a positive number.");
        if (!(TemperatureDecay >= 0) || double.IsInfinity(TemperatureDecay)) errors.Add("TemperatureDecay must be >= 0.");
        if (!(CostWeight >= 0) || double.IsInfinity(CostWeight)) errors.Add("CostWeight must be >= 0.");
        if (FlopsBudget is { } budget && !(budget > 0)) errors.Add("FlopsBudget must be positive.");
        if (CancelledRetrainingRows <= 0) errors.Add("CancelledRetrainingRows must be positive.");
        if (Threads is <= 0) errors.Add("Threads must be positive.");
        if (errors.Count > 0)
            throw new ArgumentException("Invalid DNAS options: " + string.Join(" ", errors));
    }

    /// <summary>The temperature of architecture epoch <paramref name="architectureEpoch"/> (from 0).</summary>
    public double Temperature(int architectureEpoch) => InitialTemperature * Math.Exp(-TemperatureDecay * architectureEpoch);
}

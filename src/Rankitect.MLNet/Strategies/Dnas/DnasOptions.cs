namespace Rankitect.Strategies.Dnas;

/// <summary>Options of <see cref="DnasStrategy"/>: the knobs of the DNAS algorithm alone (the space, objective, seed,
/// threads, budgets and the retraining come from the experiment). Defaults suit Criteo-shaped data on a small CPU with
/// the default (small) DLRM space. Measured on 2 cores, synthetic Criteo-shaped data (13 dense, 26 fields),
/// 100k training rows: about 80 s of search (1 warm-up + 4 architecture epochs, ~945 steps) plus ~10 s of
/// retraining; time grows linearly with the rows.</summary>
public sealed class DnasOptions
{
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

    internal void Validate()
    {
        var errors = new List<string>();
        if (WarmupEpochs < 0) errors.Add($"WarmupEpochs must be >= 0; got {WarmupEpochs}.");
        if (SearchEpochs <= 0) errors.Add($"SearchEpochs must be positive; got {SearchEpochs}.");
        if (!(WeightSplit > 0 && WeightSplit < 1)) errors.Add($"WeightSplit must be in (0, 1); got {WeightSplit}.");
        if (BatchSize <= 0) errors.Add($"BatchSize must be positive; got {BatchSize}.");
        if (!(WeightLearningRate > 0) || double.IsInfinity(WeightLearningRate)) errors.Add($"WeightLearningRate must be a positive number; got {WeightLearningRate}.");
        if (!(ThetaLearningRate > 0) || double.IsInfinity(ThetaLearningRate)) errors.Add($"ThetaLearningRate must be a positive number; got {ThetaLearningRate}.");
        if (!(InitialTemperature > 0) || double.IsInfinity(InitialTemperature)) errors.Add($"InitialTemperature must be a positive number; got {InitialTemperature}.");
        if (!(TemperatureDecay >= 0) || double.IsInfinity(TemperatureDecay)) errors.Add($"TemperatureDecay must be >= 0; got {TemperatureDecay}.");
        if (errors.Count > 0)
            throw new ArgumentException("Invalid DNAS options: " + string.Join(" ", errors));
    }

    /// <summary>The temperature of architecture epoch <paramref name="architectureEpoch"/> (from 0).</summary>
    public double Temperature(int architectureEpoch) => InitialTemperature * Math.Exp(-TemperatureDecay * architectureEpoch);
}

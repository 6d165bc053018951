namespace Rankitect.Experiment;

/// <summary>What a low-fidelity trial is (<see cref="TrialFidelity.Low"/>): the cheap training that ranks candidates in
/// sampling-based search and in the one-shot ranking measurement, and, with successive halving, the larger trainings
/// the promising candidates are promoted to. Full fidelity is every training row with <c>RankitectOptions.Training</c>.</summary>
/// <remarks>
/// A trial's fidelity is the number of training examples it sees (rows x epochs). Rung 0 sees
/// <see cref="RowFraction"/> of the rows for <see cref="Epochs"/> epochs, raised to at least <see cref="MinExamples"/>;
/// each higher rung sees <see cref="HalvingRate"/> times as many. Examples are added as rows first (a larger stratified
/// subsample) and as epochs once every row is in.
/// </remarks>
public sealed class FidelityOptions
{
    /// <summary>Share of the training rows a rung-0 trial trains on (one label-stratified subsample, the same for
    /// every trial), in (0, 1]. Default: 0.1.</summary>
    public double RowFraction { get; set; } = 0.1;

    /// <summary>Most epochs of a rung-0 trial (early stopping of the training options still applies). Default: 1.</summary>
    public int Epochs { get; set; } = 1;

    /// <summary>Fewest training examples (rows x epochs) a rung-0 trial sees: on small data a row fraction for one epoch
    /// is a few optimizer steps, which rank architectures no better than chance. Default: 75,000 (about 150 steps of
    /// batch 512). Measured with bench <c>fidelity</c> (20 random DLRM-space architectures, 24k training rows of
    /// MovieLens 1M, cheap and full trainings with different seeds): Kendall tau against full fidelity 0.01 at 2.4k
    /// examples (10% of the rows, one epoch), 0.32 at 24k, 0.68 at 48k, 0.91 at 72k; full fidelity against itself
    /// with other seeds 0.86.</summary>
    public long MinExamples { get; set; } = 75_000;

    /// <summary>Rungs of successive halving (ASHA, Li et al. 2020) in sampling-based search: 1 trains every trial at
    /// rung 0 only; with k rungs, the best 1/<see cref="HalvingRate"/> of a rung's trials are trained again at the next
    /// rung, and candidates rank by the highest rung they reached. Default: 1.</summary>
    public int Rungs { get; set; } = 1;

    /// <summary>Growth of the example budget from one rung to the next, and the inverse of the share promoted. Default: 3.</summary>
    public int HalvingRate { get; set; } = 3;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        OptionChecks.Fraction(RowFraction, nameof(RowFraction));
        OptionChecks.Positive(Epochs, nameof(Epochs));
        if (MinExamples < 0)
            throw new ArgumentOutOfRangeException(nameof(MinExamples), MinExamples, $"{nameof(MinExamples)} must be 0 or more; got {MinExamples}.");
        OptionChecks.Positive(Rungs, nameof(Rungs));
        if (HalvingRate < 2)
            throw new ArgumentOutOfRangeException(nameof(HalvingRate), HalvingRate, $"{nameof(HalvingRate)} must be at least 2; got {HalvingRate}.");
    }

    /// <summary>The share of the rows and the most epochs of a trial at <paramref name="rung"/>, for
    /// <paramref name="trainingRows"/> training rows and a full training of at most <paramref name="maxEpochs"/> epochs.</summary>
    public (double RowFraction, int Epochs) At(int rung, long trainingRows, int maxEpochs)
    {
        OptionChecks.NonNegative(rung, nameof(rung));
        OptionChecks.Positive(maxEpochs, nameof(maxEpochs));
        if (trainingRows <= 0)
            return (RowFraction, Math.Min(Epochs, maxEpochs));
        double examples = Math.Max(RowFraction * trainingRows * Epochs, MinExamples) * Math.Pow(HalvingRate, rung);
        // Rows first: the configured epochs over a larger subsample, then more epochs over every row.
        double fraction = Math.Min(1.0, Math.Max(RowFraction, examples / (trainingRows * (double)Epochs)));
        int epochs = fraction < 1.0 ? Epochs : (int)Math.Ceiling(examples / trainingRows - 1e-9);
        return (fraction, Math.Clamp(epochs, 1, maxEpochs));
    }
}

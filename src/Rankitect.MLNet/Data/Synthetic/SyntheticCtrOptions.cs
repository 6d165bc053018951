namespace Rankitect.Data.Synthetic;

/// <summary>
/// Options of <see cref="SyntheticCtrGenerator"/>: the shape of Criteo-like data and of the hidden
/// ground-truth model that draws its labels. The defaults give Criteo Kaggle's layout (13 integer and 26
/// categorical fields) with a Bayes-optimal normalized entropy near 0.7.
/// </summary>
public sealed class SyntheticCtrOptions
{
    /// <summary>Number of rows the generator's data view and TSV writer produce. Default 100,000.</summary>
    public long RowCount { get; set; } = 100_000;

    /// <summary>
    /// Index of the first row. Rows are numbered globally, so two generators with the same seed and
    /// disjoint ranges [FirstRow, FirstRow + RowCount) give disjoint samples of the same distribution
    /// (for example a training and a test split). Default 0.
    /// </summary>
    public long FirstRow { get; set; }

    /// <summary>Seed of the data set: the ground-truth model and every row are functions of it. Default 1.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Number of integer (dense) fields, columns "I1".."In". Default 13, as in Criteo.</summary>
    public int DenseFieldCount { get; set; } = 13;

    /// <summary>Number of categorical fields, columns "C1".."Cm". Default 26, as in Criteo.</summary>
    public int CategoricalFieldCount { get; set; } = 26;

    /// <summary>
    /// Smallest number of distinct values of a categorical field. Each field's cardinality is drawn
    /// log-uniformly in [<see cref="MinCardinality"/>, <see cref="MaxCardinality"/>]. Default 10.
    /// </summary>
    public int MinCardinality { get; set; } = 10;

    /// <summary>Largest number of distinct values of a categorical field (see <see cref="MinCardinality"/>). Default 100,000.</summary>
    public int MaxCardinality { get; set; } = 100_000;

    /// <summary>
    /// Exponent s of the Zipf law of a categorical field's values: the value of frequency rank k has
    /// probability proportional to k^-s. Larger means a heavier head. Default 1.1.
    /// </summary>
    public double ZipfExponent { get; set; } = 1.1;

    /// <summary>Probability that a dense cell is missing (NaN in the data view, empty in TSV). Default 0.1.</summary>
    public double DenseMissingRate { get; set; } = 0.1;

    /// <summary>Probability that a categorical cell is missing (empty text). Default 0.05.</summary>
    public double CategoricalMissingRate { get; set; } = 0.05;

    /// <summary>
    /// Number of dense fields that, like Criteo's I2, sometimes hold small negative integers (-1, -2 or -3,
    /// in <see cref="NegativeValueRate"/> of their present cells). They are I2, I3, … (I1 last). Default 1.
    /// </summary>
    public int NegativeDenseFieldCount { get; set; } = 1;

    /// <summary>Fraction of present cells of a negative-capable dense field that are negative. Default 0.05.</summary>
    public double NegativeValueRate { get; set; } = 0.05;

    /// <summary>
    /// Number of dense fields, chosen at random from the seed, that have no effect on the label. Default 3.
    /// </summary>
    public int NoiseDenseFieldCount { get; set; } = 3;

    /// <summary>
    /// Number of categorical fields, chosen at random from the seed, that have no effect on the label. Default 6.
    /// </summary>
    public int NoiseCategoricalFieldCount { get; set; } = 6;

    /// <summary>
    /// Number of planted pairwise interactions between distinct signal fields, mixed about 4:3:1 among
    /// categorical×categorical, dense×categorical and dense×dense pairs (as the available fields allow). Default 8.
    /// </summary>
    public int InteractionCount { get; set; } = 8;

    /// <summary>
    /// Rank of the latent factors of the planted interactions: a pair's term is a dot product of two vectors
    /// of this length (one per field value, or a dense value times a per-field vector). Default 4.
    /// </summary>
    public int InteractionRank { get; set; } = 4;

    /// <summary>
    /// Approximate standard deviation, in logits, of one planted interaction's term. 0 makes the ground truth
    /// purely additive. Default 0.5.
    /// </summary>
    public double InteractionStrength { get; set; } = 0.5;

    /// <summary>
    /// Approximate standard deviation, in logits, of one signal field's first-order term (each field's own scale
    /// is this times a factor drawn in [0.5, 1.5]). Default 0.25.
    /// </summary>
    public double FirstOrderStrength { get; set; } = 0.25;

    /// <summary>
    /// Target fraction of positive labels. The ground truth's bias is calibrated on a fixed sample of rows
    /// so that the mean true probability matches it; a sample's positive rate is then close to it. Default 0.25.
    /// </summary>
    public double TargetPositiveRate { get; set; } = 0.25;

    /// <summary>Returns a copy, so a generator is not affected by later changes to these options.</summary>
    internal SyntheticCtrOptions Clone() => (SyntheticCtrOptions)MemberwiseClone();

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    internal void Validate()
    {
        static void Check(bool ok, string name, object value, string rule)
        {
            if (!ok)
                throw new ArgumentException($"{nameof(SyntheticCtrOptions)}.{name} is {value}; {rule}.", name);
        }

        Check(RowCount >= 0, nameof(RowCount), RowCount, "it must be at least 0");
        Check(FirstRow >= 0, nameof(FirstRow), FirstRow, "it must be at least 0");
        Check(DenseFieldCount >= 0, nameof(DenseFieldCount), DenseFieldCount, "it must be at least 0");
        Check(CategoricalFieldCount >= 0, nameof(CategoricalFieldCount), CategoricalFieldCount, "it must be at least 0");
        Check(DenseFieldCount + CategoricalFieldCount <= 10_000, nameof(CategoricalFieldCount), CategoricalFieldCount,
            "dense and categorical fields together must be at most 10,000");
        Check(MinCardinality >= 1, nameof(MinCardinality), MinCardinality, "it must be at least 1");
        Check(MaxCardinality >= MinCardinality, nameof(MaxCardinality), MaxCardinality, $"it must be at least {nameof(MinCardinality)} ({MinCardinality})");
        Check(ZipfExponent > 0 && double.IsFinite(ZipfExponent), nameof(ZipfExponent), ZipfExponent, "it must be positive and finite");
        Check(DenseMissingRate is >= 0 and < 1, nameof(DenseMissingRate), DenseMissingRate, "it must lie in [0, 1)");
        Check(CategoricalMissingRate is >= 0 and < 1, nameof(CategoricalMissingRate), CategoricalMissingRate, "it must lie in [0, 1)");
        Check(NegativeDenseFieldCount >= 0 && NegativeDenseFieldCount <= DenseFieldCount, nameof(NegativeDenseFieldCount),
            NegativeDenseFieldCount, $"it must lie in [0, {nameof(DenseFieldCount)}]");
        Check(NegativeValueRate is >= 0 and <= 1, nameof(NegativeValueRate), NegativeValueRate, "it must lie in [0, 1]");
        Check(NoiseDenseFieldCount >= 0 && NoiseDenseFieldCount <= DenseFieldCount, nameof(NoiseDenseFieldCount),
            NoiseDenseFieldCount, $"it must lie in [0, {nameof(DenseFieldCount)}]");
        Check(NoiseCategoricalFieldCount >= 0 && NoiseCategoricalFieldCount <= CategoricalFieldCount, nameof(NoiseCategoricalFieldCount),
            NoiseCategoricalFieldCount, $"it must lie in [0, {nameof(CategoricalFieldCount)}]");
        Check(InteractionCount >= 0, nameof(InteractionCount), InteractionCount, "it must be at least 0");
        Check(InteractionRank is >= 1 and <= 64, nameof(InteractionRank), InteractionRank, "it must lie in [1, 64]");
        Check(InteractionStrength >= 0 && double.IsFinite(InteractionStrength), nameof(InteractionStrength), InteractionStrength,
            "it must be finite and at least 0");
        Check(FirstOrderStrength >= 0 && double.IsFinite(FirstOrderStrength), nameof(FirstOrderStrength), FirstOrderStrength,
            "it must be finite and at least 0");
        Check(TargetPositiveRate is > 0 and < 1, nameof(TargetPositiveRate), TargetPositiveRate, "it must lie in (0, 1)");

        int signalFields = DenseFieldCount - NoiseDenseFieldCount + CategoricalFieldCount - NoiseCategoricalFieldCount;
        long availablePairs = (long)signalFields * (signalFields - 1) / 2;
        Check(InteractionCount <= availablePairs, nameof(InteractionCount), InteractionCount,
            $"there are only {availablePairs} pairs of distinct signal (non-noise) fields");
    }
}

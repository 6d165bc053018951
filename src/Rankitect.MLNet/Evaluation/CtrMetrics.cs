using System.Buffers;

namespace Rankitect.Evaluation;

/// <summary>
/// Offline metrics of a click-through-rate model over one evaluated set: log loss in nats,
/// normalized entropy (NE), ROC AUC and calibration. This type is the single implementation of the
/// metric math in Rankitect; every report, search strategy and test computes its numbers through
/// <see cref="Compute(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.
/// </summary>
/// <remarks>
/// <para>
/// Relation to ML.NET 5.0.1's <c>BinaryClassification.Evaluate</c> (checked by tests to 1e-6):
/// its <c>LogLoss</c> is in bits, so it equals <see cref="LogLoss"/> / ln 2; its <c>LogLossReduction</c> equals
/// 1 - <see cref="NormalizedEntropy"/>; its <c>AreaUnderRocCurve</c> equals <see cref="Auc"/> (same tie rule).
/// They differ only where ML.NET's conventions differ: ML.NET does not clamp (a probability of exactly 0 on a
/// positive makes its log loss infinite), ranks by the Score column rather than the probability, and skips rows
/// whose Score is not finite (they count neither in its log loss nor in its base rate).
/// </para>
/// <para>
/// The reference ("Bayes") NE of data whose true click probabilities are known is
/// <c>CtrMetrics.Compute(labels, trueProbabilities).NormalizedEntropy</c>: no model can beat it in expectation.
/// </para>
/// </remarks>
public sealed partial record CtrMetrics
{
    /// <summary>
    /// Probabilities are clamped to [<see cref="ProbabilityClamp"/>, 1 - <see cref="ProbabilityClamp"/>]
    /// (that is [1e-7, 1 - 1e-7]) inside the log loss, so one confident mistake costs at most ln(1e7) ≈ 16.1 nats.
    /// The clamp affects <see cref="LogLoss"/> and <see cref="NormalizedEntropy"/> only.
    /// </summary>
    public const double ProbabilityClamp = 1e-7;

    private CtrMetrics(long count, double positiveRate, double logLoss, double normalizedEntropy, double auc, double calibration)
    {
        Count = count;
        PositiveRate = positiveRate;
        LogLoss = logLoss;
        NormalizedEntropy = normalizedEntropy;
        Auc = auc;
        Calibration = calibration;
    }

    /// <summary>Number of evaluated examples.</summary>
    public long Count { get; }

    /// <summary>Mean label (fraction of positives) of the evaluated set, pbar. NaN for an empty set.</summary>
    public double PositiveRate { get; }

    /// <summary>
    /// Mean binary cross-entropy in nats: -mean(y ln p + (1 - y) ln(1 - p)), with p clamped to
    /// [<see cref="ProbabilityClamp"/>, 1 - <see cref="ProbabilityClamp"/>]. Lower is better. NaN for an empty set.
    /// </summary>
    public double LogLoss { get; }

    /// <summary>
    /// <see cref="LogLoss"/> divided by the binary entropy H(pbar) in nats of the evaluated set's
    /// <see cref="PositiveRate"/>. Lower is better; 1 is the loss of always predicting the set's own base rate.
    /// NaN when all labels are equal (H(pbar) = 0, so there is nothing to normalize by) or the set is empty.
    /// </summary>
    public double NormalizedEntropy { get; }

    /// <summary>
    /// Area under the ROC curve of the probabilities: the probability that a random positive scores above a
    /// random negative, ties counting 1/2. Exact (no sampling or binning). NaN when only one class is present.
    /// </summary>
    public double Auc { get; }

    /// <summary>
    /// mean(p) / mean(y) with unclamped probabilities: 1 is calibrated on average, above 1 over-predicts.
    /// NaN when the set has no positive label.
    /// </summary>
    public double Calibration { get; }

    /// <summary>
    /// Computes all metrics of <paramref name="probabilities"/> against <paramref name="labels"/>.
    /// </summary>
    /// <param name="labels">Labels, each exactly 0 or 1.</param>
    /// <param name="probabilities">Predicted click probabilities in [0, 1], one per label.</param>
    /// <returns>The metrics. An empty input gives <see cref="Count"/> 0 and NaN everywhere else.</returns>
    /// <exception cref="ArgumentException">
    /// The spans differ in length, a label is not 0 or 1, or a probability is NaN or outside [0, 1]
    /// (the message names the index and the value).
    /// </exception>
    public static CtrMetrics Compute(ReadOnlySpan<float> labels, ReadOnlySpan<float> probabilities)
        => Compute(labels, probabilities, nameof(labels), nameof(probabilities), dataView: false);

    /// <summary>
    /// Binary entropy in nats, -(p ln p + (1 - p) ln(1 - p)), with H(0) = H(1) = 0: the log loss of always
    /// predicting the base rate p on a set whose positive rate is p.
    /// </summary>
    /// <param name="p">A probability in [0, 1].</param>
    public static double BinaryEntropy(double p)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, "A probability must lie in [0, 1].");
        if (p == 0 || p == 1)
            return 0;
        return -(p * Math.Log(p) + (1 - p) * Math.Log(1 - p));
    }

    /// <summary>The log loss in nats of one row (label 0 or 1, probability clamped as <see cref="ProbabilityClamp"/> says).</summary>
    internal static double RowLogLoss(float label, float probability)
    {
        double clamped = Math.Clamp(probability, ProbabilityClamp, 1 - ProbabilityClamp);
        return label == 1f ? -Math.Log(clamped) : -Math.Log(1 - clamped);
    }

    // The names say which input a validation error refers to: span parameters, or data-view columns.
    private static CtrMetrics Compute(
        ReadOnlySpan<float> labels, ReadOnlySpan<float> probabilities, string labelName, string probabilityName, bool dataView)
    {
        if (labels.Length != probabilities.Length)
            throw new ArgumentException(
                $"{labelName} has {labels.Length} elements but {probabilityName} has {probabilities.Length}; they must match.",
                probabilityName);

        int n = labels.Length;
        if (n == 0)
            return new CtrMetrics(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

        double lossSum = 0;
        double probabilitySum = 0;
        long positives = 0;
        for (int i = 0; i < n; i++)
        {
            float y = labels[i];
            float p = probabilities[i];
            if (y != 0f && y != 1f)
                throw new ArgumentException(
                    $"{Locate(labelName, i, dataView)} is {y}; a label must be 0 or 1.", dataView ? "data" : labelName);
            if (!(p >= 0f && p <= 1f))
                throw new ArgumentException(
                    $"{Locate(probabilityName, i, dataView)} is {p}; a probability must lie in [0, 1].", dataView ? "data" : probabilityName);

            lossSum += RowLogLoss(y, p);
            if (y == 1f)
                positives++;
            probabilitySum += p;
        }

        double positiveRate = (double)positives / n;
        double logLoss = lossSum / n;
        double entropy = BinaryEntropy(positiveRate);
        double normalizedEntropy = entropy > 0 ? logLoss / entropy : double.NaN;
        double calibration = positives > 0 ? probabilitySum / n / positiveRate : double.NaN;
        double auc = RocAuc(labels, probabilities, positives);
        return new CtrMetrics(n, positiveRate, logLoss, normalizedEntropy, auc, calibration);
    }

    private static string Locate(string name, int index, bool dataView)
        => dataView ? $"Row {index} of column '{name}'" : $"{name}[{index}]";

    /// <summary>
    /// Exact ROC AUC in O(n log n): sort by score, then walk groups of tied scores. Each positive earns the
    /// number of negatives strictly below it plus half of the negatives tied with it; the sum is the
    /// Mann-Whitney U statistic, identical to the rank-sum formula with average ranks for ties
    /// (R_pos - P(P+1)/2), but accumulated without the cancellation of two large rank sums.
    /// </summary>
    private static double RocAuc(ReadOnlySpan<float> labels, ReadOnlySpan<float> scores, long positives)
    {
        int n = labels.Length;
        long negatives = n - positives;
        if (positives == 0 || negatives == 0)
            return double.NaN;

        float[] keys = ArrayPool<float>.Shared.Rent(n);
        float[] items = ArrayPool<float>.Shared.Rent(n);
        try
        {
            scores.CopyTo(keys);
            labels.CopyTo(items);
            Array.Sort(keys, items, 0, n);

            double u = 0;
            double negativesBelow = 0;
            int start = 0;
            while (start < n)
            {
                float score = keys[start];
                long tiedPositives = 0;
                long tiedNegatives = 0;
                int end = start;
                for (; end < n && keys[end] == score; end++)
                {
                    if (items[end] == 1f)
                        tiedPositives++;
                    else
                        tiedNegatives++;
                }
                u += tiedPositives * (negativesBelow + 0.5 * tiedNegatives);
                negativesBelow += tiedNegatives;
                start = end;
            }
            return u / ((double)positives * negatives);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(keys);
            ArrayPool<float>.Shared.Return(items);
        }
    }
}

namespace Rankitect.Evaluation;

/// <summary>
/// How much better one model's predictions are than another's on the same rows, with its standard error: the mean of
/// the per-row log-loss differences (paired, so row-to-row variation cancels). Used to tell a real improvement from the
/// noise of a small validation set before replacing a model with the best of several noisy candidates.
/// </summary>
/// <param name="Rows">Rows compared.</param>
/// <param name="MeanImprovement">Mean of baseline log loss − candidate log loss per row, in nats (positive: the
/// candidate is better).</param>
/// <param name="StandardError">Standard error of that mean (sample standard deviation / √rows).</param>
public sealed record PairedComparison(int Rows, double MeanImprovement, double StandardError)
{
    /// <summary>The improvement in standard errors (z); +∞ for a positive improvement with no spread, 0 for none.</summary>
    public double Z => StandardError > 0 ? MeanImprovement / StandardError : MeanImprovement > 0 ? double.PositiveInfinity : 0;

    /// <summary>Compares <paramref name="candidate"/> with <paramref name="baseline"/> (click probabilities) on rows
    /// with <paramref name="labels"/>.</summary>
    public static PairedComparison Of(ReadOnlySpan<float> labels, ReadOnlySpan<float> baseline, ReadOnlySpan<float> candidate)
    {
        if (baseline.Length != labels.Length || candidate.Length != labels.Length)
            throw new ArgumentException($"labels ({labels.Length}), baseline ({baseline.Length}) and candidate ({candidate.Length}) must have one value per row.");
        int n = labels.Length;
        if (n < 2)
            return new PairedComparison(n, 0, double.NaN);
        double sum = 0, sumOfSquares = 0;
        for (int i = 0; i < n; i++)
        {
            double d = CtrMetrics.RowLogLoss(labels[i], baseline[i]) - CtrMetrics.RowLogLoss(labels[i], candidate[i]);
            sum += d;
            sumOfSquares += d * d;
        }
        double mean = sum / n;
        double variance = Math.Max(0, (sumOfSquares - n * mean * mean) / (n - 1));
        return new PairedComparison(n, mean, Math.Sqrt(variance / n));
    }
}

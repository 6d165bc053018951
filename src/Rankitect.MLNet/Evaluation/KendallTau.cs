namespace Rankitect.Evaluation;

/// <summary>Kendall's rank correlation, the usual measure of how well one-shot (supernet) scores rank architectures
/// against stand-alone training.</summary>
public static class KendallTau
{
    /// <summary>
    /// Tau-b of paired values: (C − D) / √((n0 − n1)(n0 − n2)), where C and D count concordant and discordant pairs,
    /// n0 = n(n−1)/2, and n1, n2 count pairs tied in x and in y. Tau-b corrects tau-a for ties, so it still reaches
    /// ±1 for perfectly (anti-)monotone data with ties. O(n²), fine for the tens of architectures it is used on.
    /// </summary>
    /// <returns>A value in [−1, 1]; NaN when fewer than two pairs, or when x or y is constant (tau-b is undefined).</returns>
    /// <exception cref="ArgumentException">The lists differ in length or hold NaN.</exception>
    public static double TauB(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
            throw new ArgumentException($"x has {x.Count} values and y {y.Count}; they must be paired.", nameof(y));
        if (x.Any(double.IsNaN) || y.Any(double.IsNaN))
            throw new ArgumentException("The values must not be NaN.", nameof(x));
        int n = x.Count;
        long concordant = 0, discordant = 0, tiedX = 0, tiedY = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = i + 1; j < n; j++)
            {
                int sx = Math.Sign(x[i] - x[j]), sy = Math.Sign(y[i] - y[j]);
                if (sx == 0) tiedX++;
                if (sy == 0) tiedY++;
                if (sx != 0 && sy != 0)
                {
                    if (sx == sy) concordant++;
                    else discordant++;
                }
            }
        }
        long pairs = (long)n * (n - 1) / 2;
        double denominator = Math.Sqrt((double)(pairs - tiedX) * (pairs - tiedY));
        return denominator == 0 ? double.NaN : (concordant - discordant) / denominator;
    }
}

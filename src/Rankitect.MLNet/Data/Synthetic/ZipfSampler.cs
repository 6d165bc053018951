namespace Rankitect.Data.Synthetic;

/// <summary>
/// Exact sampler of the bounded Zipf law P(k) ∝ k^-s, k = 1..n, in O(1) expected time and O(1) memory
/// (no table of size n), by rejection-inversion (Hörmann and Derflinger, "Rejection-inversion to generate
/// variates from monotone discrete distributions", ACM TOMACS 1996), the method Apache Commons RNG also uses.
/// </summary>
/// <remarks>
/// The continuous hat h(x) = x^-s is integrated by H(x) = (x^(1-s) - 1) / (1 - s), which is ln x at s = 1.
/// A uniform point u of [H(1.5) - 1, H(n + 0.5)] is inverted to x = H^-1(u) and rounded to k; k is accepted
/// when u falls in the part of k's strip that lies under the discrete mass, and almost always on the first try.
/// </remarks>
internal sealed class ZipfSampler
{
    private readonly int _n;
    private readonly double _exponent;
    private readonly double _hIntegralX1;
    private readonly double _hIntegralN;
    private readonly double _squeeze;

    public ZipfSampler(int n, double exponent)
    {
        if (n < 1)
            throw new ArgumentOutOfRangeException(nameof(n), n, "The support must hold at least one value.");
        if (!(exponent > 0) || double.IsInfinity(exponent))
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "The exponent must be positive and finite.");
        _n = n;
        _exponent = exponent;
        _hIntegralX1 = HIntegral(1.5) - 1.0;
        _hIntegralN = HIntegral(n + 0.5);
        _squeeze = 2.0 - HIntegralInverse(HIntegral(2.5) - H(2.0));
    }

    /// <summary>Number of values; samples are 0-based indices below it, 0 the most frequent.</summary>
    public int Count => _n;

    /// <summary>Draws a 0-based rank (k - 1) from <paramref name="stream"/>.</summary>
    public int Sample(ref CounterStream stream)
    {
        while (true)
        {
            double u = _hIntegralN + stream.NextUnit() * (_hIntegralX1 - _hIntegralN);
            double x = HIntegralInverse(u);
            double kd = Math.Floor(x + 0.5);
            if (kd < 1)
                kd = 1;
            else if (kd > _n)
                kd = _n;
            // The squeeze accepts most points without evaluating the exact bound.
            if (kd - x <= _squeeze || u >= HIntegral(kd + 0.5) - H(kd))
                return (int)kd - 1;
        }
    }

    private double H(double x) => Math.Exp(-_exponent * Math.Log(x));

    private double HIntegral(double x)
    {
        double logX = Math.Log(x);
        return ExpM1OverX((1.0 - _exponent) * logX) * logX;
    }

    private double HIntegralInverse(double y)
    {
        double t = y * (1.0 - _exponent);
        if (t < -1.0)
            t = -1.0; // rounding can step just outside the domain of log(1 + t)
        return Math.Exp(Log1POverX(t) * y);
    }

    // (e^t - 1) / t and ln(1 + t) / t, continuous at t = 0 so that exponent 1 needs no special case.
    private static double ExpM1OverX(double t)
        => Math.Abs(t) > 1e-5 ? (Math.Exp(t) - 1.0) / t : 1.0 + t * (0.5 + t * (1.0 / 6.0 + t / 24.0));

    private static double Log1POverX(double t)
        => Math.Abs(t) > 1e-5 ? Math.Log(1.0 + t) / t : 1.0 - t * (0.5 - t * (1.0 / 3.0 - t / 4.0));
}

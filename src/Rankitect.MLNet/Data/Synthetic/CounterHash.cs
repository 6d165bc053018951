namespace Rankitect.Data.Synthetic;

/// <summary>
/// Counter-based randomness: every random quantity of the synthetic data is a pure function of a key
/// built from (seed, purpose, row or field, value), so any row can be generated on its own, in any order,
/// on any thread, and no state of the size of the data is kept.
/// </summary>
internal static class CounterHash
{
    /// <summary>2^64 / golden ratio, SplitMix64's increment.</summary>
    public const ulong Golden = 0x9E3779B97F4A7C15UL;

    private static readonly double Sqrt3 = Math.Sqrt(3);

    /// <summary>SplitMix64's output function (Steele, Lea, Flood 2014): a bijection with good avalanche.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Derives a key from a parent key and a counter; for a fixed key it is a bijection of the counter.</summary>
    public static ulong Combine(ulong key, ulong counter) => Mix(key + Mix(counter + Golden));

    /// <summary>Uniform in [0, 1) from the top 53 bits.</summary>
    public static double ToUnit(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// Approximately standard normal from one hash: the Irwin-Hall sum of four 16-bit uniforms, centred and
    /// scaled to unit variance. Bounded by ±2√3, which keeps generated counts and weights finite by construction,
    /// and costs no transcendental function.
    /// </summary>
    public static double ToStandardNormalish(ulong bits)
    {
        double sum = (bits & 0xFFFF) + ((bits >> 16) & 0xFFFF) + ((bits >> 32) & 0xFFFF) + (bits >> 48) + 2.0;
        return (sum / 65536.0 - 2.0) * Sqrt3;
    }

    /// <summary>Uniform in [-√3, √3) (mean 0, variance 1) from 16 bits of <paramref name="bits"/> at lane <paramref name="lane"/> (0..3).</summary>
    public static double ToUnitVarianceUniform(ulong bits, int lane)
        => (((bits >> (16 * lane)) & 0xFFFF) + 0.5) / 65536.0 * (2 * Sqrt3) - Sqrt3;
}

/// <summary>
/// A short sequence of random numbers for one (row, field) cell: SplitMix64 stepped from a derived key.
/// A value type so drawing allocates nothing.
/// </summary>
internal struct CounterStream
{
    private ulong _state;

    public CounterStream(ulong key) => _state = key;

    public ulong NextBits()
    {
        _state += CounterHash.Golden;
        return CounterHash.Mix(_state);
    }

    public double NextUnit() => CounterHash.ToUnit(NextBits());
}

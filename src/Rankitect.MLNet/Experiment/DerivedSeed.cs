namespace Rankitect.Experiment;

/// <summary>Seeds of independent random streams derived from one search seed (SplitMix64 over (seed, stream)): the
/// same on every machine and run, unlike <c>HashCode.Combine</c>, and well mixed for neighbouring streams.</summary>
internal static class DerivedSeed
{
    /// <summary>Stream of the tuner's proposals.</summary>
    public const int Tuner = -1;
    /// <summary>Stream of the low-fidelity row subsample.</summary>
    public const int Subsample = -2;
    /// <summary>Stream of the supernet's weights, batch order and path sampling.</summary>
    public const int Supernet = -3;
    /// <summary>Stream of the one-shot ranking sample.</summary>
    public const int RankingSample = -4;
    /// <summary>Stream of a training's dropout masks (derived from the training's own seed).</summary>
    public const int Dropout = -5;

    /// <summary>The seed of stream <paramref name="stream"/> (a trial id, or one of the named streams).</summary>
    public static int Of(int seed, int stream)
    {
        ulong z = ((ulong)(uint)seed << 32 | (uint)stream) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }
}

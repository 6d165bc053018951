namespace Rankitect.Data;

/// <summary>Cheap row subsamples of a <see cref="CtrDataset"/>: views that share the parent's storage.</summary>
public static class CtrDatasetSampling
{
    /// <summary>A label-stratified random share of the rows (each class keeps <paramref name="fraction"/> of its rows,
    /// so the positive rate is kept), in row order, as a view sharing storage. One pass over the labels; no row is
    /// copied. <paramref name="fraction"/> = 1 returns <paramref name="data"/> itself.</summary>
    /// <param name="data">The rows.</param>
    /// <param name="fraction">Share of rows to keep, in (0, 1].</param>
    /// <param name="seed">Seed of the choice of rows; the same seed keeps the same rows.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fraction"/> is outside (0, 1], or keeps no row.</exception>
    public static CtrDataset Subsample(this CtrDataset data, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(fraction > 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction must be in (0, 1].");
        if (fraction == 1)
            return data;
        var (kept, _) = data.StratifiedSplit(fraction, seed);
        if (kept.Count == 0)
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, $"A fraction of {fraction} keeps no row of {data.Count}.");
        return kept;
    }
}

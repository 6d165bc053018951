using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>
/// Shrinks a field's embedding table to a fraction of its vocabulary by hashing ids. Id 0 (the shared
/// out-of-vocabulary id) keeps row 0 to itself whenever the table has two rows or more; ids 1.. share rows
/// 1 .. rows-1 by <c>1 + (id - 1) mod (rows - 1)</c>, so fraction 1 is the identity and no real id collides with
/// OOV. A one-row table maps everything to row 0.
/// </summary>
public static class RowHashing
{
    /// <summary>Rows of a table for <paramref name="cardinality"/> ids at <paramref name="fraction"/>:
    /// ceil(fraction × cardinality), at least 1 and at most the cardinality.</summary>
    public static int RowCount(int cardinality, double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cardinality);
        if (!(fraction > 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "A row fraction must be in (0, 1].");
        // The small epsilon keeps 0.1 × 50 = 5.000000000000001 from rounding up to 6.
        long rows = (long)Math.Ceiling(fraction * cardinality - 1e-9);
        return (int)Math.Clamp(rows, 1, cardinality);
    }

    /// <summary>Row of <paramref name="id"/> in a table of <paramref name="rows"/> rows.</summary>
    public static long Row(long id, long rows) => id == 0 || rows == 1 ? 0 : 1 + (id - 1) % (rows - 1);

    /// <summary><see cref="Row(long, long)"/> on tensors: <paramref name="ids"/> [..., F] int64 and
    /// <paramref name="rows"/> [F] int64 (broadcast over the last axis).</summary>
    public static Tensor Rows(Tensor ids, Tensor rows)
    {
        using var scope = NewDisposeScope();
        var modulus = (rows - One).clamp_min(One);
        var hashed = (ids - One).remainder(modulus).add(One, One);
        var toZero = ids.eq(Zero).logical_or(rows.eq(One));
        return hashed.masked_fill(toZero, Zero).MoveToOuterDisposeScope();
    }

    // Held for the process's lifetime: an implicit Scalar made per call can be freed by its finalizer while the native
    // call still reads it (TorchSharp 0.107), a rare crash under parallel training.
    private static readonly Scalar One = 1L.ToScalar(), Zero = 0L.ToScalar();
}

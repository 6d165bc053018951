using System.Runtime.InteropServices;
using Rankitect.Data;
using Rankitect.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.Training;

/// <summary>One minibatch as TorchSharp tensors. The caller owns (and disposes) the tensors.</summary>
/// <param name="Dense">Dense features [B, D] float32.</param>
/// <param name="Ids">Field ids [B, F] int64.</param>
/// <param name="Labels">Labels [B] float32, 0 or 1.</param>
/// <param name="Count">Rows in the batch (B).</param>
public sealed record CtrBatch(Tensor Dense, Tensor Ids, Tensor Labels, int Count) : IDisposable
{
    /// <inheritdoc/>
    public void Dispose()
    {
        Dense.Dispose();
        Ids.Dispose();
        Labels.Dispose();
    }
}

/// <summary>Cuts a <see cref="CtrDataset"/> into tensor minibatches, in order or in a seeded shuffle.</summary>
public static class CtrBatches
{
    /// <summary>The row order of one epoch: a permutation that depends only on <paramref name="seed"/> and
    /// <paramref name="epoch"/>.</summary>
    public static int[] EpochOrder(int count, int seed, int epoch)
    {
        var order = Enumerable.Range(0, count).ToArray();
        // Not HashCode.Combine: it is randomized per process, and the order must repeat across runs.
        new Random(EpochSeed(seed, epoch)).Shuffle(order);
        return order;
    }

    private static int EpochSeed(int seed, int epoch)
    {
        // SplitMix64 finalizer over (seed, epoch): well-mixed and the same on every machine and run.
        ulong z = ((ulong)(uint)seed << 32 | (uint)epoch) + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }

    // The tensor owns fresh native memory and the rows are copied into it, so the managed buffers are
    // reused for the next batch.
    private static Tensor ToTensor<T>(T[] buffer, int length, long[] shape, ScalarType type) where T : unmanaged
    {
        var result = empty(shape, type);
        if (length > 0)
            MemoryMarshal.AsBytes(buffer.AsSpan(0, length)).CopyTo(result.bytes);
        return result;
    }

    /// <summary>Yields batches of the rows in <paramref name="order"/> (all rows in order when null). The last
    /// batch may be smaller. Each batch's tensors are new; dispose them (a dispose scope per step does).</summary>
    public static IEnumerable<CtrBatch> Batches(CtrDataset data, int batchSize, IReadOnlyList<int>? order = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        TorchRuntime.EnsureLoaded();
        int count = order?.Count ?? data.Count;
        int d = data.Schema.DenseWidth, f = data.Schema.FieldCount;
        var dense = new float[batchSize * d];
        var ids = new long[batchSize * f];
        var labels = new float[batchSize];
        for (int start = 0; start < count; start += batchSize)
        {
            int size = Math.Min(batchSize, count - start);
            for (int i = 0; i < size; i++)
            {
                int row = order?[start + i] ?? start + i;
                data.CopyRow(row, dense.AsSpan(i * d, d), ids.AsSpan(i * f, f));
                labels[i] = data.Label(row);
            }
            yield return new CtrBatch(
                ToTensor(dense, size * d, new long[] { size, d }, ScalarType.Float32),
                ToTensor(ids, size * f, new long[] { size, f }, ScalarType.Int64),
                ToTensor(labels, size, new long[] { size }, ScalarType.Float32),
                size);
        }
    }
}

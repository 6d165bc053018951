using Microsoft.ML;

namespace Rankitect.Experiment;

/// <summary>
/// A seed drawn from an MLContext's own random source. MLContext keeps its seed internal, but shuffling rows uses
/// the context's generator, so the permutation of a tiny view is a deterministic function of <c>MLContext(seed)</c>
/// (and of how many draws the context made before).
/// </summary>
internal static class ContextSeed
{
    public static int Draw(MLContext mlContext)
    {
        var rows = mlContext.Data.LoadFromEnumerable(Enumerable.Range(0, 16).Select(i => new Row { Value = i }));
        var order = mlContext.Data.CreateEnumerable<Row>(mlContext.Data.ShuffleRows(rows), reuseRowObject: false).Select(r => r.Value);
        int seed = 17;
        foreach (int value in order)
            seed = unchecked(seed * 31 + value);
        return seed & int.MaxValue;
    }

    private sealed class Row
    {
        public int Value { get; set; }
    }
}

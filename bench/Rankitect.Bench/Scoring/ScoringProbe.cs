using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Evaluation;

namespace Rankitect.Bench.Scoring;

/// <summary>What a production app sees when it scores a saved model zip: batch throughput and single-row latency.</summary>
/// <param name="RowsPerSecond">Rows per second of <c>Transform</c> plus one full cursor pass reading Probability.</param>
/// <param name="P50Microseconds">Median <c>PredictionEngine.Predict</c> latency.</param>
/// <param name="P99Microseconds">99th percentile <c>PredictionEngine.Predict</c> latency.</param>
/// <param name="Test">NE/AUC of the scored rows: a check that the loaded model is the trained one, not a timing.</param>
public sealed record ScoringMeasurement(double RowsPerSecond, double P50Microseconds, double P99Microseconds, CtrMetrics Test);

/// <summary>Loads a model zip with a fresh, plain <see cref="MLContext"/> and measures it.</summary>
public static class ScoringProbe
{
    private const int WarmupRows = 500;

    public static ScoringMeasurement Measure(string zipPath, IDataView rows, IReadOnlyList<CriteoRow> latencyRows)
    {
        var ml = new MLContext();
        var model = ml.Model.Load(zipPath, out _);

        // Warm-up first: the first Transform compiles getters and, for ONNX, creates the session.
        ProbabilityPass(model, ml.Data.TakeRows(rows, WarmupRows));
        var clock = Stopwatch.StartNew();
        long count = ProbabilityPass(model, rows);
        double rowsPerSecond = count / clock.Elapsed.TotalSeconds;

        using var engine = ml.Model.CreatePredictionEngine<CriteoRow, ScoredRow>(model);
        var output = new ScoredRow();
        for (int i = 0; i < Math.Min(WarmupRows, latencyRows.Count); i++)
            engine.Predict(latencyRows[i], ref output);
        var microseconds = new double[latencyRows.Count];
        for (int i = 0; i < latencyRows.Count; i++)
        {
            long start = Stopwatch.GetTimestamp();
            engine.Predict(latencyRows[i], ref output);
            microseconds[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(microseconds);

        var test = CtrMetrics.Compute(model.Transform(rows), "Label", "Probability");
        return new ScoringMeasurement(rowsPerSecond, Percentile(microseconds, 0.50), Percentile(microseconds, 0.99), test);
    }

    private static long ProbabilityPass(ITransformer model, IDataView rows)
    {
        var scored = model.Transform(rows);
        var column = scored.Schema["Probability"];
        using var cursor = scored.GetRowCursor(new[] { column });
        var probability = cursor.GetGetter<float>(column);
        float value = 0;
        long count = 0;
        while (cursor.MoveNext())
        {
            probability(ref value);
            count++;
        }
        return count;
    }

    // Nearest-rank percentile of sorted values.
    private static double Percentile(double[] sorted, double quantile)
        => sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}

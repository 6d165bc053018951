using System.Globalization;

namespace Rankitect.Bench;

/// <summary>Prints a report's results as an aligned text table, one column per metric present.</summary>
public static class ResultTable
{
    /// <summary>Prints the rows of <paramref name="report"/> that <paramref name="include"/> accepts (default all).</summary>
    public static void Print(BenchReport report, Func<BenchResult, bool>? include = null)
    {
        var columns = new (string Name, Func<BenchResult, object?> Value)[]
        {
            ("dataset", r => r.Dataset), ("model", r => r.Model), ("seed", r => r.Seed), ("rows", r => r.Rows),
            ("batch", r => r.BatchSize), ("seeds", r => r.Seeds), ("ne", r => r.Ne), ("ne_sd", r => r.NeSd), ("val_ne", r => r.ValidationNe), ("bayes_ne", r => r.BayesNe), ("auc", r => r.Auc), ("auc_sd", r => r.AucSd),
            ("logloss", r => r.LogLoss), ("calib", r => r.Calibration), ("params", r => r.Params),
            ("train_s", r => r.TrainSeconds), ("samples/s", r => r.SamplesPerSecond), ("rows/s", r => r.RowsPerSecond),
            ("bytes/row", r => r.BytesPerRow), ("peak_gflops", r => r.PeakGflops), ("achieved_gflops", r => r.AchievedGflops), ("flops", r => r.Flops),
            ("search_s", r => r.SearchSeconds), ("p50_us", r => r.P50Microseconds), ("p99_us", r => r.P99Microseconds),
            ("ratio", r => r.Ratio), ("trials", r => r.Trials), ("tau", r => r.KendallTau),
            ("phase", r => r.Phase), ("cancel_s", r => r.CancelSeconds), ("outcome", r => r.Outcome), ("latency_s", r => r.LatencySeconds), ("note", r => r.Note),
        };
        var results = report.Results.Where(include ?? (_ => true)).ToList();
        var present = columns.Where(c => results.Any(r => c.Value(r) is not null)).ToArray();
        var cells = results.Select(r => present.Select(c => Format(c.Value(r))).ToArray()).ToList();
        var widths = present.Select((c, i) => Math.Max(c.Name.Length, cells.Select(row => row[i].Length).DefaultIfEmpty(0).Max())).ToArray();
        Console.WriteLine($"suite {report.Suite} @ {report.Commit} ({report.Machine.Cores} cores, {report.Machine.Os})");
        Console.WriteLine(string.Join("  ", present.Select((c, i) => c.Name.PadLeft(widths[i]))));
        foreach (var row in cells)
            Console.WriteLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadLeft(widths[i]))));
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        double d when Math.Abs(d) >= 1000 => d.ToString("N0", CultureInfo.InvariantCulture),
        double d => d.ToString("0.0000", CultureInfo.InvariantCulture),
        long l => l.ToString("N0", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}

using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Rankitect.Bench.Datasets;
using Rankitect.Experiment;

namespace Rankitect.Bench.Suites;

/// <summary>
/// Cancellation latency of the default Rankitect fit (<c>mlContext.Ranking().Rankitect(options).Fit</c>, DNAS on the
/// DLRM space): one uncancelled run on synthetic rows gives the phase timings (from <see cref="RankitectOptions.Progress"/>),
/// then one run per cancel point, each cancelled through <see cref="RankitectOptions.CancellationToken"/> at a planned
/// time inside featurization, the DNAS warm-up, the DNAS architecture epochs or the final retraining. Per point: the
/// phase the run was really in when cancelled (from its own progress reports), what Fit did (returned a model, threw)
/// and the seconds from <c>Cancel()</c> to Fit returning or throwing; then the max and the p50 over the points.
/// </summary>
public static class ReliabilitySuite
{
    /// <summary>The target the issue sets: no cancellation takes longer than this.</summary>
    public const double TargetSeconds = 2.0;

    // Where the ten cancel points fall: a phase of the reference run and a fraction of its duration. The first retraining
    // point falls before the retraining's first validation checkpoint (a checkpoint every half epoch by default).
    private static readonly (string Phase, double Fraction)[] Plan =
    [
        ("featurize", 0.3), ("featurize", 0.8),
        ("warmup", 0.3), ("warmup", 0.8),
        ("search", 0.15), ("search", 0.5), ("search", 0.9),
        ("retrain", 0.03), ("retrain", 0.5), ("retrain", 0.95),
    ];

    public static BenchReport Run(long rows, int seed, int threads, int points)
    {
        var report = new BenchReport
        {
            Suite = "reliability",
            Config =
            {
                ["rows"] = rows, ["seed"] = seed, ["threads"] = threads, ["strategy"] = "Dnas", ["space"] = "Dlrm",
                ["options"] = "RankitectOptions defaults (Seed, Threads, Progress, CancellationToken set)",
                ["target_s"] = TargetSeconds,
            },
        };
        var dataset = SyntheticDataset.Create(rows, withTruth: false);

        Console.WriteLine($"  reference run (uncancelled) on {rows:N0} rows");
        var reference = Fit(dataset, seed, threads, cancelAt: null);
        var phases = Phases.From(reference.Events, reference.Seconds);
        Console.WriteLine($"  phases: {phases}");
        report.Config["phases_s"] = phases.ToDictionary();
        report.Results.Add(new BenchResult
        {
            Dataset = dataset.Name, Model = "uncancelled", Rows = rows, Seed = seed, TrainSeconds = reference.Seconds,
            Outcome = reference.Outcome, Ne = reference.ValidationNe, Note = phases.ToString(),
        });

        var latencies = new List<double>();
        foreach (var (phase, fraction) in Plan.Take(points))
        {
            double at = phases.At(phase, fraction);
            var run = Fit(dataset, seed, threads, at);
            string actual = run.PhaseAtCancel ?? "none";
            Console.WriteLine($"  cancel at {at:F1} s (planned {phase} {fraction:P0}, was in {actual}): {run.Outcome} after {run.Latency:F2} s; {run.Note}");
            if (run.Latency is { } latency) latencies.Add(latency);
            report.Results.Add(new BenchResult
            {
                Dataset = dataset.Name, Model = $"cancel_{phase}_{fraction.ToString("0.##", CultureInfo.InvariantCulture)}", Rows = rows, Seed = seed,
                Phase = actual, CancelSeconds = run.CancelledAt, Outcome = run.Outcome, LatencySeconds = run.Latency,
                Ne = run.ValidationNe, TrainSeconds = run.Seconds, Note = run.Note,
            });
        }

        if (latencies.Count > 0)
        {
            latencies.Sort();
            report.Results.Add(new BenchResult { Dataset = dataset.Name, Model = "max", LatencySeconds = latencies[^1], Note = $"target <= {TargetSeconds:F1} s" });
            report.Results.Add(new BenchResult { Dataset = dataset.Name, Model = "p50", LatencySeconds = Median(latencies) });
        }
        return report;
    }

    private static double Median(List<double> sorted)
        => sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    /// <summary>One progress report, timed on the bench's clock (seconds since Fit was called).</summary>
    private sealed record Event(double Seconds, string Phase, string Message);

    private sealed record FitRun(IReadOnlyList<Event> Events, double Seconds, string Outcome, double? ValidationNe,
        double? CancelledAt, double? Latency, string? PhaseAtCancel, string? Note);

    // Progress delivered on the reporting thread (Progress<T> would post to the thread pool and arrive late).
    private sealed class Recorder(Stopwatch clock) : IProgress<RankitectProgress>
    {
        private readonly List<Event> _events = new();
        public void Report(RankitectProgress value)
        {
            lock (_events) _events.Add(new Event(clock.Elapsed.TotalSeconds, value.Phase, value.Message));
        }
        public List<Event> Snapshot()
        {
            lock (_events) return _events.ToList();
        }
    }

    private static FitRun Fit(BenchDataset dataset, int seed, int threads, double? cancelAt)
    {
        // Fresh memory for every run, so one run's garbage is not collected inside the next run's measurement.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var clock = new Stopwatch();
        var events = new Recorder(clock);
        using var cts = new CancellationTokenSource();
        var options = new RankitectOptions { Seed = seed, Threads = threads, Progress = events, CancellationToken = cts.Token };
        double cancelledAt = double.NaN; // written by the canceller, read after Join
        Thread? canceller = null;
        if (cancelAt is { } target)
        {
            canceller = new Thread(() =>
            {
                while (clock.Elapsed.TotalSeconds < target && !cts.IsCancellationRequested)
                    Thread.Sleep(TimeSpan.FromMilliseconds(Math.Clamp((target - clock.Elapsed.TotalSeconds) * 1000, 1, 20)));
                if (cts.IsCancellationRequested) return; // Fit ended first (see below)
                cancelledAt = clock.Elapsed.TotalSeconds;
                cts.Cancel();
            }) { IsBackground = true, Name = "reliability-cancel" };
        }

        string outcome;
        double? ne = null;
        var ml = new MLContext(seed);
        clock.Start();
        canceller?.Start();
        try
        {
            var model = ml.Ranking().Rankitect(options).Fit(dataset.Data);
            ne = model.Model.Validation.NormalizedEntropy;
            outcome = model.Model.Cancelled ? "returned_cancelled" : "returned_completed";
        }
        catch (OperationCanceledException)
        {
            outcome = "threw_cancelled";
        }
        catch (Exception e)
        {
            outcome = $"threw_{e.GetType().Name}";
        }
        double end = clock.Elapsed.TotalSeconds;
        if (canceller is not null)
        {
            // Fit may end before the planned time (a faster run): stop the canceller without cancelling.
            if (!cts.IsCancellationRequested) cts.Cancel();
            canceller.Join();
        }

        var all = events.Snapshot();
        double? at = cancelledAt <= end ? cancelledAt : null;
        if (at is null)
            return new FitRun(all, end, cancelAt is null ? outcome : outcome + "_before_cancel", ne, null, null, null, null);
        var before = all.Where(e => e.Seconds <= at).ToList();
        var after = all.Where(e => e.Seconds > at).Select(e => $"+{e.Seconds - at:F2} s {e.Phase}: {Shorten(e.Message)}");
        return new FitRun(all, end, outcome, ne, at, end - at, PhaseOf(before), string.Join("; ", after));
    }

    private static string Shorten(string message) => message.Length <= 90 ? message : message[..87] + "...";

    // The phase a run is in, from the progress it reported so far: featurize until its "featurize" report, the DNAS
    // warm-up until the "(warm-up)" epoch report, the architecture epochs until the first "train" report, the retraining
    // until the final report (the network's validation NE), then the export.
    private static string PhaseOf(IReadOnlyList<Event> before)
    {
        if (!before.Any(e => e.Phase == "featurize")) return "featurize";
        if (before.Any(e => e.Phase == "train" && e.Message.Contains("validation NE") && e.Message.Contains("FLOPs/example"))) return "export";
        if (before.Any(e => e.Phase == "train")) return "retrain";
        if (before.Any(e => e.Phase == "search" && e.Message.Contains("(warm-up)"))) return "search";
        return "warmup";
    }

    /// <summary>The phase boundaries of the reference run, in seconds since Fit was called.</summary>
    private sealed record Phases(double FeaturizeEnd, double SearchStart, double WarmupEnd, double SearchEnd, double RetrainEnd, double FitEnd)
    {
        public static Phases From(IReadOnlyList<Event> events, double fitEnd)
        {
            double First(Func<Event, bool> match, string what)
                => events.FirstOrDefault(match)?.Seconds ?? throw new InvalidOperationException($"The reference run reported no {what}.");
            return new Phases(
                First(e => e.Phase == "featurize", "featurize report"),
                First(e => e.Phase == "search", "search report"),
                First(e => e.Phase == "search" && e.Message.Contains("(warm-up)"), "warm-up epoch"),
                First(e => e.Phase == "train", "train report"),
                events.Last(e => e.Phase == "train").Seconds,
                fitEnd);
        }

        public double At(string phase, double fraction) => phase switch
        {
            "featurize" => fraction * FeaturizeEnd,
            "warmup" => SearchStart + fraction * (WarmupEnd - SearchStart),
            "search" => WarmupEnd + fraction * (SearchEnd - WarmupEnd),
            "retrain" => SearchEnd + fraction * (RetrainEnd - SearchEnd),
            _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
        };

        public Dictionary<string, double> ToDictionary() => new()
        {
            ["featurize_end"] = Math.Round(FeaturizeEnd, 2), ["search_start"] = Math.Round(SearchStart, 2),
            ["warmup_end"] = Math.Round(WarmupEnd, 2), ["search_end"] = Math.Round(SearchEnd, 2),
            ["retrain_end"] = Math.Round(RetrainEnd, 2), ["fit_end"] = Math.Round(FitEnd, 2),
        };

        public override string ToString()
            => $"featurize 0-{FeaturizeEnd:F1} s, warm-up {SearchStart:F1}-{WarmupEnd:F1} s, architecture epochs {WarmupEnd:F1}-{SearchEnd:F1} s, " +
               $"retrain {SearchEnd:F1}-{RetrainEnd:F1} s, export {RetrainEnd:F1}-{FitEnd:F1} s";
    }
}

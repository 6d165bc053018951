using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rankitect.Bench;

/// <summary>One measured row of a suite. Metric fields are null where they do not apply and are then left out of
/// the JSON; their names are the schema of bench/README.md.</summary>
public sealed record BenchResult
{
    [JsonPropertyName("dataset")] public required string Dataset { get; init; }
    [JsonPropertyName("model")] public required string Model { get; init; }
    [JsonPropertyName("seed")] public int? Seed { get; init; }
    [JsonPropertyName("rows")] public long? Rows { get; init; }
    [JsonPropertyName("batch_size")] public int? BatchSize { get; init; }
    [JsonPropertyName("ne")] public double? Ne { get; init; }
    [JsonPropertyName("auc")] public double? Auc { get; init; }
    [JsonPropertyName("logloss")] public double? LogLoss { get; init; }
    [JsonPropertyName("calibration")] public double? Calibration { get; init; }
    [JsonPropertyName("bayes_ne")] public double? BayesNe { get; init; }
    [JsonPropertyName("validation_ne")] public double? ValidationNe { get; init; }
    [JsonPropertyName("params")] public long? Params { get; init; }
    [JsonPropertyName("train_s")] public double? TrainSeconds { get; init; }
    [JsonPropertyName("samples_per_s")] public double? SamplesPerSecond { get; init; }
    [JsonPropertyName("rows_per_s")] public double? RowsPerSecond { get; init; }
    [JsonPropertyName("bytes_per_row")] public double? BytesPerRow { get; init; }
    [JsonPropertyName("peak_gflops")] public double? PeakGflops { get; init; }
    [JsonPropertyName("achieved_gflops")] public double? AchievedGflops { get; init; }
    [JsonPropertyName("flops")] public long? Flops { get; init; }
    [JsonPropertyName("search_s")] public double? SearchSeconds { get; init; }
    [JsonPropertyName("p50_us")] public double? P50Microseconds { get; init; }
    [JsonPropertyName("p99_us")] public double? P99Microseconds { get; init; }
    [JsonPropertyName("ratio")] public double? Ratio { get; init; }
    [JsonPropertyName("seeds")] public int? Seeds { get; init; }
    [JsonPropertyName("trials")] public int? Trials { get; init; }
    [JsonPropertyName("kendall_tau")] public double? KendallTau { get; init; }
    [JsonPropertyName("architecture")] public string? Architecture { get; init; }
    [JsonPropertyName("ne_sd")] public double? NeSd { get; init; }
    [JsonPropertyName("auc_sd")] public double? AucSd { get; init; }
    [JsonPropertyName("logloss_sd")] public double? LogLossSd { get; init; }
    [JsonPropertyName("calibration_sd")] public double? CalibrationSd { get; init; }
    [JsonPropertyName("train_s_sd")] public double? TrainSecondsSd { get; init; }
    [JsonPropertyName("search_s_sd")] public double? SearchSecondsSd { get; init; }
    [JsonPropertyName("phase")] public string? Phase { get; init; }
    [JsonPropertyName("cancel_s")] public double? CancelSeconds { get; init; }
    [JsonPropertyName("outcome")] public string? Outcome { get; init; }
    [JsonPropertyName("latency_s")] public double? LatencySeconds { get; init; }
    [JsonPropertyName("note")] public string? Note { get; init; }
}

/// <summary>The JSON document a bench run writes: one object per run.</summary>
public sealed class BenchReport
{
    [JsonPropertyName("suite")] public required string Suite { get; init; }
    [JsonPropertyName("commit")] public string Commit { get; init; } = GitCommit();
    [JsonPropertyName("machine")] public MachineInfo Machine { get; init; } = new();
    [JsonPropertyName("started")] public DateTimeOffset Started { get; init; } = DateTimeOffset.UtcNow;
    [JsonPropertyName("config")] public Dictionary<string, object?> Config { get; init; } = new();
    [JsonPropertyName("results")] public List<BenchResult> Results { get; } = new();

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public void Write(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllText(path, JsonSerializer.Serialize(this, JsonOptions));
    }

    private static string GitCommit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            });
            if (git is null) return "unknown";
            string output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && output.Length > 0 ? output : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}

/// <summary>Where the numbers were measured.</summary>
public sealed class MachineInfo
{
    [JsonPropertyName("cores")] public int Cores { get; init; } = Environment.ProcessorCount;
    [JsonPropertyName("os")] public string Os { get; init; } = RuntimeInformation.OSDescription;
    [JsonPropertyName("arch")] public string Architecture { get; init; } = RuntimeInformation.OSArchitecture.ToString();
    [JsonPropertyName("runtime")] public string Runtime { get; init; } = RuntimeInformation.FrameworkDescription;
}

using System.Globalization;
using System.Text;
using Rankitect.Evaluation;

namespace Rankitect.Baselines;

/// <summary>One model of a comparison, measured on the shared test rows with the shared metric code.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Test">Test NE, AUC, LogLoss (nats), calibration.</param>
/// <param name="Flops">FLOPs per example where defined (neural networks), else null.</param>
/// <param name="ModelBytes">Size of the saved ML.NET model zip.</param>
/// <param name="TrainSeconds">Wall seconds of Fit (featurization, search and training).</param>
/// <param name="Parameters">Learned numbers of the model: network parameters (embeddings included); weights + bias of a
/// linear model; per tree ensemble, leaf values + split thresholds (2 × leaves − 1 per tree). Null when unknown.</param>
/// <param name="SearchSeconds">Wall seconds of the search inside Fit (Rankitect's architecture search, the tuned
/// LightGBM's random search), else null.</param>
/// <param name="Validation">Metrics on the shared validation rows (comparable with a search's validation NE), when known.</param>
/// <param name="Description">What the trained model is, readably: a network's architecture and training recipe, a tuned model's chosen
/// settings, a tree ensemble's tree count. Null when not recorded.</param>
/// <param name="Trials">Configurations a search trained (the tuned LightGBM), else null.</param>
public sealed record BaselineRow(string Model, CtrMetrics Test, long? Flops, long ModelBytes, double TrainSeconds,
    long? Parameters = null, double? SearchSeconds = null, CtrMetrics? Validation = null, string? Description = null, int? Trials = null);

/// <summary>The result of a comparison: one row per model, all on the same split.</summary>
public sealed class BaselineReport
{
    internal BaselineReport(IReadOnlyList<BaselineRow> rows, long trainRows, long testRows, RankitectTransformer rankitect,
        IReadOnlyList<LightGbmTrial> lightGbmTrials)
    {
        Rows = rows;
        TrainRows = trainRows;
        TestRows = testRows;
        Rankitect = rankitect;
        LightGbmTrials = lightGbmTrials;
    }

    /// <summary>Every trial of the tuned LightGBM, in the order run, with its validation metrics (empty when it was not
    /// trained). Its row is the trial with the lowest validation NE.</summary>
    public IReadOnlyList<LightGbmTrial> LightGbmTrials { get; }

    /// <summary>The fitted Rankitect model of the comparison (save it with <c>mlContext.Model.Save</c>).</summary>
    public RankitectTransformer Rankitect { get; }

    /// <summary>The models, in the order they were trained.</summary>
    public IReadOnlyList<BaselineRow> Rows { get; }

    /// <summary>Rows each model trained on (training and validation).</summary>
    public long TrainRows { get; }

    /// <summary>Test rows every model was scored on.</summary>
    public long TestRows { get; }

    /// <summary>The rows as an aligned text table.</summary>
    public string ToTable()
    {
        var table = new List<string[]> { new[] { "model", "test NE", "AUC", "LogLoss", "calibration", "FLOPs/example", "model KB", "train s", "search s" } };
        foreach (var row in Rows)
        {
            table.Add(new[]
            {
                row.Model, F(row.Test.NormalizedEntropy), F(row.Test.Auc), F(row.Test.LogLoss), F(row.Test.Calibration),
                row.Flops?.ToString("N0", CultureInfo.InvariantCulture) ?? "-",
                (row.ModelBytes / 1024.0).ToString("N0", CultureInfo.InvariantCulture),
                row.TrainSeconds.ToString("F1", CultureInfo.InvariantCulture),
                row.SearchSeconds?.ToString("F1", CultureInfo.InvariantCulture) ?? "-",
            });
        }
        var widths = Enumerable.Range(0, table[0].Length).Select(c => table.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in table)
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))));
        foreach (var row in Rows.Where(r => r.Trials is not null))
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Model}: {row.Description} (best of {row.Trials} trials by validation NE {row.Validation?.NormalizedEntropy:F4})"));
        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToTable();

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}

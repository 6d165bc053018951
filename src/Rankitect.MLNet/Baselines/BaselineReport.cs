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
/// <param name="SearchSeconds">Wall seconds of the architecture search inside Fit (Rankitect only), else null.</param>
/// <param name="Validation">Metrics on the shared validation rows (comparable with a search's validation NE), when known.</param>
public sealed record BaselineRow(string Model, CtrMetrics Test, long? Flops, long ModelBytes, double TrainSeconds,
    long? Parameters = null, double? SearchSeconds = null, CtrMetrics? Validation = null);

/// <summary>The result of a comparison: one row per model, all on the same split.</summary>
public sealed class BaselineReport
{
    internal BaselineReport(IReadOnlyList<BaselineRow> rows, long trainRows, long testRows, RankitectTransformer rankitect)
    {
        Rows = rows;
        TrainRows = trainRows;
        TestRows = testRows;
        Rankitect = rankitect;
    }

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
        var table = new List<string[]> { new[] { "model", "test NE", "AUC", "LogLoss", "calibration", "FLOPs/example", "model KB", "train s" } };
        foreach (var row in Rows)
        {
            table.Add(new[]
            {
                row.Model, F(row.Test.NormalizedEntropy), F(row.Test.Auc), F(row.Test.LogLoss), F(row.Test.Calibration),
                row.Flops?.ToString("N0", CultureInfo.InvariantCulture) ?? "-",
                (row.ModelBytes / 1024.0).ToString("N0", CultureInfo.InvariantCulture),
                row.TrainSeconds.ToString("F1", CultureInfo.InvariantCulture),
            });
        }
        var widths = Enumerable.Range(0, table[0].Length).Select(c => table.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in table)
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))));
        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToTable();

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}

namespace Rankitect.Serving;

/// <summary>Quality of the returned network on the validation rows of its fit. Each metric is NaN where it is
/// undefined (e.g. AUC with one class only).</summary>
public sealed class RankitectValidationInfo
{
    /// <summary>Normalized entropy: log loss divided by the entropy of the validation base rate (lower is better).</summary>
    public double NormalizedEntropy { get; init; } = double.NaN;

    /// <summary>ROC AUC of the click probabilities.</summary>
    public double Auc { get; init; } = double.NaN;

    /// <summary>Mean binary cross-entropy in nats (ML.NET reports log loss in bits: divide by ln 2 to compare).</summary>
    public double LogLoss { get; init; } = double.NaN;

    /// <summary>Mean predicted probability over mean label: 1 is calibrated on average, above 1 over-predicts.</summary>
    public double Calibration { get; init; } = double.NaN;

    /// <summary>Fraction of positive labels among the validation rows.</summary>
    public double PositiveRate { get; init; } = double.NaN;

    /// <summary>True when the validation NE is 1 or more (or not a number): the model predicts no better than the base
    /// rate of the validation rows. Such a model is flagged wherever it is shown.</summary>
    public bool WorseThanBaseRate { get; init; }

    /// <summary>Number of validation rows; null when not known.</summary>
    public long? RowCount { get; init; }
}

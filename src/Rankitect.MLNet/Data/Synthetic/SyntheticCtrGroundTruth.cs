using System.Globalization;
using System.Text;

namespace Rankitect.Data.Synthetic;

/// <summary>
/// Description of the hidden model that draws the labels of a <see cref="SyntheticCtrGenerator"/>'s data:
/// logit = <see cref="Bias"/> + Σ first-order terms of the signal fields + Σ planted interaction terms,
/// p = sigmoid(logit), label ~ Bernoulli(p). For tests and reports: which fields carry signal, which are
/// noise, which pairs interact.
/// </summary>
public sealed class SyntheticCtrGroundTruth
{
    internal SyntheticCtrGroundTruth(
        double bias, double firstOrderBias, IReadOnlyList<SyntheticField> fields, IReadOnlyList<SyntheticInteraction> interactions)
    {
        Bias = bias;
        FirstOrderBias = firstOrderBias;
        Fields = fields;
        Interactions = interactions;
    }

    /// <summary>Intercept of the true logit, calibrated so the mean true probability is the target positive rate.</summary>
    public double Bias { get; }

    /// <summary>Intercept of the first-order-only logit (the truth without its interactions), calibrated the same way.</summary>
    public double FirstOrderBias { get; }

    /// <summary>All fields in column order: dense ("I1"..) then categorical ("C1"..).</summary>
    public IReadOnlyList<SyntheticField> Fields { get; }

    /// <summary>The planted pairwise interactions.</summary>
    public IReadOnlyList<SyntheticInteraction> Interactions { get; }

    /// <summary>Columns of the fields that have no effect on the label.</summary>
    public IEnumerable<string> NoiseColumns => Fields.Where(f => f.IsNoise).Select(f => f.ColumnName);

    /// <summary>Columns of the fields that affect the label.</summary>
    public IEnumerable<string> SignalColumns => Fields.Where(f => !f.IsNoise).Select(f => f.ColumnName);

    /// <summary>A multi-line, human-readable summary.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"bias {Bias:F4} (first-order only: {FirstOrderBias:F4})");
        text.AppendLine(c, $"signal: {string.Join(' ', SignalColumns)}");
        text.AppendLine(c, $"noise: {string.Join(' ', NoiseColumns)}");
        foreach (var field in Fields.Where(f => f.Kind == SyntheticFieldKind.Categorical))
            text.Append(c, $"{field.ColumnName}:{field.Cardinality} ");
        text.AppendLine();
        foreach (var pair in Interactions)
            text.AppendLine(c, $"{pair.FirstColumn} x {pair.SecondColumn} ({pair.Kind}, {pair.Strength:F3})");
        return text.ToString();
    }
}

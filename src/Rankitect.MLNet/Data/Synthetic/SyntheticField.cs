namespace Rankitect.Data.Synthetic;

/// <summary>Kind of a generated input field.</summary>
public enum SyntheticFieldKind
{
    /// <summary>A non-negative count-like integer (small negatives in some fields), column "I&lt;n&gt;" of type Single.</summary>
    Dense,

    /// <summary>A Zipf-distributed categorical value written as 8 lower-case hex digits, column "C&lt;n&gt;" of type Text.</summary>
    Categorical,
}

/// <summary>How one input field is generated and how it enters the ground-truth logit.</summary>
/// <param name="ColumnName">Column name in the data view ("I1".., "C1"..); also the field's position in the TSV layout.</param>
/// <param name="Kind">Dense or categorical.</param>
/// <param name="IsNoise">True when the field has no effect on the label: no first-order term and no interaction.</param>
/// <param name="Cardinality">Number of distinct values of a categorical field; 0 for a dense field.</param>
/// <param name="FirstOrderScale">
/// Standard deviation in logits of the field's first-order term: a dense field's weight on its standardized
/// log1p(max(x, 0)), or the scale of a categorical field's per-value weights. 0 for noise fields.
/// </param>
/// <param name="HasNegativeValues">True for a dense field that sometimes holds -1, -2 or -3 (like Criteo's I2).</param>
public sealed record SyntheticField(
    string ColumnName,
    SyntheticFieldKind Kind,
    bool IsNoise,
    int Cardinality,
    double FirstOrderScale,
    bool HasNegativeValues);

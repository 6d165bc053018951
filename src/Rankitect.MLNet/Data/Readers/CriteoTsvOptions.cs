namespace Rankitect.Data;

/// <summary>
/// Layout of a Criteo-style TSV file: an optional label, then integer fields, then categorical fields,
/// TAB-separated, no header. An empty field is a missing value.
/// </summary>
/// <remarks>
/// Every non-empty line must have exactly 1 + <see cref="IntegerFeatureCount"/> + <see cref="CategoricalFeatureCount"/>
/// fields (without the 1 when <see cref="HasLabel"/> is false). Some copies of the Criteo data have trailing
/// empty fields cut off, so their lines are short: such lines are malformed unless <see cref="AllowTruncatedRows"/> is set.
/// </remarks>
public sealed class CriteoTsvOptions : CtrTextReaderOptions
{
    /// <summary>Number of integer (count) fields after the label, read as Single columns (missing = NaN). Default: <c>13</c>.</summary>
    public int IntegerFeatureCount { get; set; } = 13;

    /// <summary>Number of categorical fields after the integer fields, read as Text columns (missing = empty). Default: <c>26</c>.</summary>
    public int CategoricalFeatureCount { get; set; } = 26;

    /// <summary>Prefix of the integer column names, numbered from 1 (<c>I1</c>, <c>I2</c>, ...). Default: <c>"I"</c>.</summary>
    public string IntegerColumnPrefix { get; set; } = "I";

    /// <summary>Prefix of the categorical column names, numbered from 1 (<c>C1</c>, <c>C2</c>, ...). Default: <c>"C"</c>.</summary>
    public string CategoricalColumnPrefix { get; set; } = "C";

    /// <summary>
    /// Whether the first field is a click label (-1, 0 or 1). False for unlabeled files such as the Kaggle
    /// <c>test.txt</c>; the view then has no label column. Default: <c>true</c>.
    /// </summary>
    public bool HasLabel { get; set; } = true;

    /// <summary>
    /// When true, a line with fewer fields than expected is read with the missing trailing fields as missing values.
    /// When false, such a line is malformed. A line with more fields than expected is always malformed. Default: <c>false</c>.
    /// </summary>
    public bool AllowTruncatedRows { get; set; }
}

namespace Rankitect.Data;

/// <summary>
/// Layout of a libFM / libFFM / libSVM text file: one row per line, <c>label token token ...</c>,
/// tokens separated by spaces or TABs. The label is -1, 0 or 1 (also <c>0.0</c>, <c>1.0</c>, <c>+1</c>);
/// -1 and 0 mean no click. The view has a Boolean label column and one column per field.
/// </summary>
/// <remarks>
/// <para>
/// A field's column is Text holding the index of the field's active feature as written in the file
/// (the empty text when the line has no feature of that field), so it can go straight into
/// <c>MapValueToKey</c> or <c>OneHotEncoding</c>. Fields named in <see cref="NumericFields"/> are
/// Single columns holding the feature's value instead.
/// </para>
/// <para>
/// The fields must be known before streaming, because an ML.NET schema is fixed. They come from:
/// <list type="bullet">
/// <item><c>field:index:value</c> files: <see cref="FieldNames"/> (field id i is <c>FieldNames[i]</c>) or,
/// when that is null, one pre-pass over the whole file at load time that collects the field ids
/// (columns <c>F&lt;id&gt;</c> in id order).</item>
/// <item><c>index:value</c> files: <see cref="FeatureIndexPath"/>, or <see cref="IndexRanges"/>, or neither:
/// then the k-th token after the label is field k, every line must have the same number of tokens,
/// and that number is <c>FieldNames.Count</c> or, without names, the token count of the first line.</item>
/// </list>
/// The load-time read follows <see cref="CtrTextReaderOptions.SkipMalformedLines"/>: without skipping,
/// a malformed line it meets throws right away; with skipping, the line adds no fields and is reported
/// (to the callback and the statistics) by the cursors that stream the file, not by the load.
/// </para>
/// <para>
/// A feature that cannot be placed makes its line malformed: a field id outside <see cref="FieldNames"/>,
/// an index outside the feature index file or <see cref="IndexRanges"/>, or, for positional fields,
/// a line whose token count differs from the first row's.
/// </para>
/// </remarks>
public sealed class LibFmOptions : CtrTextReaderOptions
{
    /// <summary>The token form. Default: <see cref="LibFmFormat.Auto"/> (decided from the first feature token).</summary>
    public LibFmFormat Format { get; set; } = LibFmFormat.Auto;

    /// <summary>
    /// Column names of the fields: for <c>field:index:value</c> files, <c>FieldNames[i]</c> names field id i and
    /// field ids at or beyond its count are malformed; for positional <c>index:value</c> files, <c>FieldNames[k]</c>
    /// names the k-th token after the label. Setting it avoids the load-time read. Not allowed with
    /// <see cref="FeatureIndexPath"/> or <see cref="IndexRanges"/>, which name the fields themselves.
    /// Default: <c>null</c> (names are <see cref="FieldColumnPrefix"/> + field id or position).
    /// </summary>
    public IReadOnlyList<string>? FieldNames { get; set; }

    /// <summary>Prefix of generated field column names (<c>F0</c>, <c>F1</c>, ...). Default: <c>"F"</c>.</summary>
    public string FieldColumnPrefix { get; set; } = "F";

    /// <summary>
    /// For <c>index:value</c> files: a feature index file mapping indices to fields, one entry per line as
    /// <c>field:value&lt;TAB&gt;index</c> (the <c>featindex.txt</c> files of the iPinYou / FNN tool chain). The field
    /// is the text before the first colon; columns are named after the fields in order of first appearance in the
    /// file. An index that is not in the file makes a line malformed. Default: <c>null</c>.
    /// </summary>
    public string? FeatureIndexPath { get; set; }

    /// <summary>
    /// For <c>index:value</c> files: index ranges per field, columns in order of first appearance in the list.
    /// Ranges must not overlap; an index outside all ranges makes a line malformed. Default: <c>null</c>.
    /// </summary>
    public IReadOnlyList<LibFmIndexRange>? IndexRanges { get; set; }

    /// <summary>
    /// Column names of fields that hold a number rather than a one-hot feature. Such a column is Single and holds
    /// the feature's value (its index is not kept); a line without the field gets <see cref="AbsentNumericValue"/>.
    /// Default: <c>null</c> (all fields are categorical).
    /// </summary>
    public IReadOnlyCollection<string>? NumericFields { get; set; }

    /// <summary>
    /// Value of a numeric field missing from a line. libSVM writers leave out zero values, hence 0;
    /// use <see cref="float.NaN"/> to treat absence as missing. Default: <c>0</c>.
    /// </summary>
    public float AbsentNumericValue { get; set; }

    /// <summary>
    /// When true, a categorical feature whose value is not 1 makes the line malformed (it would mean a weighted
    /// or numeric feature read as a category). When false, the value is not looked at, only the index is kept.
    /// Default: <c>true</c>.
    /// </summary>
    public bool RequireOneHotValues { get; set; } = true;

    /// <summary>
    /// What to do when a line has several features of one field.
    /// Default: <see cref="LibFmRepeatedFieldHandling.Error"/>.
    /// </summary>
    public LibFmRepeatedFieldHandling RepeatedFieldHandling { get; set; } = LibFmRepeatedFieldHandling.Error;

    /// <summary>Separator between indices for <see cref="LibFmRepeatedFieldHandling.Join"/>. Default: <c>' '</c>.</summary>
    public char JoinSeparator { get; set; } = ' ';
}

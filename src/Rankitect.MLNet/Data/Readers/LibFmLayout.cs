namespace Rankitect.Data;

/// <summary>
/// The fields of a libFM file, fixed before streaming: their columns, and how a feature token finds its column
/// (by field id, by index range, or by position).
/// </summary>
internal sealed class LibFmLayout
{
    private readonly int[]? _fieldToColumn;
    private readonly (long First, long Last, int Column)[]? _runs;

    private LibFmLayout(bool fieldAware, string[] columnNames, bool[] numeric, int[]? fieldToColumn,
        (long, long, int)[]? runs, int positionalCount, string unknownFeatureExpected)
    {
        FieldAware = fieldAware;
        ColumnNames = columnNames;
        Numeric = numeric;
        _fieldToColumn = fieldToColumn;
        _runs = runs;
        PositionalCount = positionalCount;
        UnknownFeatureExpected = unknownFeatureExpected;
        FieldDescriptions = columnNames.Select(name => $"field '{name}'").ToArray();
    }

    /// <summary>True for field:index:value tokens, false for index:value.</summary>
    public bool FieldAware { get; }

    /// <summary>Field column names in schema order (after the label).</summary>
    public string[] ColumnNames { get; }

    /// <summary>Whether each field column is a Single holding the value rather than Text holding the index.</summary>
    public bool[] Numeric { get; }

    /// <summary>How error messages name each field.</summary>
    public string[] FieldDescriptions { get; }

    /// <summary>Number of tokens every line must have when fields are positional; -1 otherwise.</summary>
    public int PositionalCount { get; }

    /// <summary>What the error says was expected when a token maps to no field.</summary>
    public string UnknownFeatureExpected { get; }

    /// <summary>The field column of a feature, or -1 when it belongs to no known field.</summary>
    public int ColumnOf(in LibFmFeature feature)
    {
        if (_fieldToColumn is not null)
            return feature.Field < _fieldToColumn.Length ? _fieldToColumn[feature.Field] : -1;
        if (_runs is null)
            return feature.Ordinal < PositionalCount ? feature.Ordinal : -1;

        long index = feature.Index;
        int low = 0, high = _runs.Length - 1;
        while (low <= high)
        {
            int middle = (low + high) >>> 1;
            var run = _runs[middle];
            if (index < run.First)
                high = middle - 1;
            else if (index > run.Last)
                low = middle + 1;
            else
                return run.Column;
        }
        return -1;
    }

    /// <summary>Columns are field ids 0..n-1, or the ids <paramref name="fieldIds"/> found by a pre-pass.</summary>
    public static LibFmLayout ForFieldIds(IReadOnlyList<string>? names, IReadOnlyCollection<int> fieldIds, LibFmOptions options)
    {
        int[] ids = names is not null ? Enumerable.Range(0, names.Count).ToArray() : fieldIds.Order().ToArray();
        var map = new int[ids.Length == 0 ? 0 : ids[^1] + 1];
        Array.Fill(map, -1);
        for (int column = 0; column < ids.Length; column++)
            map[ids[column]] = column;
        string[] columnNames = names is not null ? names.ToArray() : ids.Select(id => options.FieldColumnPrefix + id).ToArray();
        string expected = names is not null
            ? $"a field id below {names.Count} (FieldNames has {names.Count} names)"
            : "a field id seen when the file was loaded (has the file changed?)";
        return new LibFmLayout(true, columnNames, NumericFlags(columnNames, options), map, null, -1, expected);
    }

    /// <summary>Columns are the fields of index ranges, in order of first appearance.</summary>
    public static LibFmLayout ForIndexRanges(IReadOnlyList<LibFmIndexRange> ranges, string source, LibFmOptions options)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        var runs = new List<(long First, long Last, int Column)>();
        foreach (var range in ranges)
        {
            if (range is null || string.IsNullOrWhiteSpace(range.FieldName))
                throw new ArgumentException("Every index range needs a field name.", nameof(options));
            if (range.First < 0 || range.Last < range.First)
                throw new ArgumentException($"Index range {range.First}..{range.Last} of field '{range.FieldName}' is empty or negative.", nameof(options));
            if (!columns.TryGetValue(range.FieldName, out int column))
            {
                column = names.Count;
                columns.Add(range.FieldName, column);
                names.Add(range.FieldName);
            }
            runs.Add((range.First, range.Last, column));
        }
        runs.Sort((a, b) => a.First.CompareTo(b.First));
        for (int i = 1; i < runs.Count; i++)
        {
            if (runs[i].First <= runs[i - 1].Last)
                throw new ArgumentException($"Index ranges of fields '{names[runs[i - 1].Column]}' and '{names[runs[i].Column]}' overlap at index {runs[i].First}.", nameof(options));
        }
        var columnNames = names.ToArray();
        return new LibFmLayout(false, columnNames, NumericFlags(columnNames, options), null, runs.ToArray(), -1, $"an index listed in {source}");
    }

    /// <summary>Columns are token positions: the k-th feature token of every line is field k.</summary>
    public static LibFmLayout ForPositions(IReadOnlyList<string>? names, int count, string countSource, LibFmOptions options)
    {
        string[] columnNames = names?.ToArray() ?? Enumerable.Range(0, count).Select(k => options.FieldColumnPrefix + k).ToArray();
        return new LibFmLayout(false, columnNames, NumericFlags(columnNames, options), null, null, count,
            $"{count} feature tokens, one per field (the count comes from {countSource})");
    }

    private static bool[] NumericFlags(string[] columnNames, LibFmOptions options)
    {
        var numeric = new bool[columnNames.Length];
        if (options.NumericFields is null)
            return numeric;
        foreach (var name in options.NumericFields)
        {
            int column = Array.IndexOf(columnNames, name);
            if (column < 0)
                throw new ArgumentException($"NumericFields names '{name}', which is not a field of the file; fields are: {string.Join(", ", columnNames)}.", nameof(options));
            numeric[column] = true;
        }
        return numeric;
    }
}

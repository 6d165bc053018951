namespace Rankitect.Data;

/// <summary>
/// Reads a feature index file (<c>field:value&lt;TAB&gt;index</c> per line, as in iPinYou's
/// <c>featindex.txt</c>) into index ranges per field.
/// </summary>
internal static class FeatureIndexFile
{
    private const string ExpectedEntry = "an entry 'field:value<TAB>index' with a non-empty field name and a non-negative integer index";

    /// <summary>Returns one range per run of consecutive indices of the same field, fields in order of first appearance.</summary>
    public static List<LibFmIndexRange> ReadRanges(string path)
    {
        path = Path.GetFullPath(path);
        var entries = new List<(long Index, int Field)>();
        var fieldIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var fieldNames = new List<string>();
        using (var lines = LineReader.Open(path))
        {
            while (lines.TryReadLine(out var memory))
            {
                var line = memory.Span;
                if (LibFmLine.IsBlank(line))
                    continue;
                int separator = line.LastIndexOf('\t');
                if (separator < 0)
                    separator = line.LastIndexOf(' ');
                int colon = separator < 0 ? -1 : line[..separator].IndexOf(':');
                if (colon <= 0
                    || !FieldParsing.TryParseIndex(line[(separator + 1)..].Trim(), out long index)
                    || line[..colon].IsWhiteSpace())
                {
                    throw new CtrDataFormatException(path, lines.LineNumber, column: null, line.ToString(), ExpectedEntry);
                }
                string field = line[..colon].ToString();
                if (!fieldIds.TryGetValue(field, out int id))
                {
                    id = fieldNames.Count;
                    fieldIds.Add(field, id);
                    fieldNames.Add(field);
                }
                entries.Add((index, id));
            }
        }

        entries.Sort((a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : a.Field.CompareTo(b.Field));
        var runs = new List<(long First, long Last, int Field)>();
        foreach (var (index, field) in entries)
        {
            if (runs.Count > 0 && runs[^1].Last == index)
            {
                if (runs[^1].Field != field)
                    throw new FormatException($"{path}: index {index} is listed for both field '{fieldNames[runs[^1].Field]}' and field '{fieldNames[field]}'.");
                continue;
            }
            if (runs.Count > 0 && runs[^1].Last == index - 1 && runs[^1].Field == field)
                runs[^1] = (runs[^1].First, index, field);
            else
                runs.Add((index, index, field));
        }

        // Ranges in order of first appearance of their field, so the columns come out in the file's field order.
        return runs
            .OrderBy(r => r.Field)
            .ThenBy(r => r.First)
            .Select(r => new LibFmIndexRange(fieldNames[r.Field], r.First, r.Last))
            .ToList();
    }
}

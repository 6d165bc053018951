namespace Rankitect.Data;

/// <summary>
/// Works out a libFM file's <see cref="LibFmLayout"/> at load time from the options, reading the file
/// (or its first rows) when the options leave the token form or the fields open.
/// </summary>
internal static class LibFmLayoutResolver
{
    public static LibFmLayout Resolve(string path, LibFmOptions options)
    {
        bool hasMap = options.FeatureIndexPath is not null || options.IndexRanges is not null;
        if (options.FeatureIndexPath is not null && options.IndexRanges is not null)
            throw new ArgumentException("Set FeatureIndexPath or IndexRanges, not both.", nameof(options));
        if (hasMap && options.FieldNames is not null)
            throw new ArgumentException("FieldNames cannot be combined with FeatureIndexPath or IndexRanges, which name the fields themselves.", nameof(options));
        if (!Enum.IsDefined(options.Format))
            throw new ArgumentOutOfRangeException(nameof(options), options.Format, "Unknown LibFmFormat.");
        if (!Enum.IsDefined(options.RepeatedFieldHandling))
            throw new ArgumentOutOfRangeException(nameof(options), options.RepeatedFieldHandling, "Unknown LibFmRepeatedFieldHandling.");
        ArgumentNullException.ThrowIfNull(options.FieldColumnPrefix, "options.FieldColumnPrefix");

        var format = options.Format;
        if (format == LibFmFormat.Auto)
            format = hasMap ? LibFmFormat.IndexValue : Detect(path, options);

        if (format == LibFmFormat.FieldIndexValue)
        {
            if (hasMap)
                throw new ArgumentException("FeatureIndexPath and IndexRanges apply to index:value files, but the format is field:index:value.", nameof(options));
            return options.FieldNames is not null
                ? LibFmLayout.ForFieldIds(options.FieldNames, Array.Empty<int>(), options)
                : LibFmLayout.ForFieldIds(null, CollectFieldIds(path, options), options);
        }

        if (options.FeatureIndexPath is not null)
        {
            string indexPath = Path.GetFullPath(options.FeatureIndexPath);
            return LibFmLayout.ForIndexRanges(FeatureIndexFile.ReadRanges(indexPath), $"the feature index file {indexPath}", options);
        }
        if (options.IndexRanges is not null)
            return LibFmLayout.ForIndexRanges(options.IndexRanges, "IndexRanges", options);
        if (options.FieldNames is not null)
            return LibFmLayout.ForPositions(options.FieldNames, options.FieldNames.Count, "FieldNames", options);

        var (count, lineNumber) = CountFirstRowTokens(path, options);
        return LibFmLayout.ForPositions(null, count, $"line {lineNumber}, the first well-formed row", options);
    }

    /// <summary>Picks the token form from the first feature token: two colons or one.</summary>
    private static LibFmFormat Detect(string path, LibFmOptions options)
    {
        using var lines = LineReader.Open(path);
        while (lines.TryReadLine(out var memory))
        {
            var line = memory.Span;
            if (LibFmLine.IsBlank(line))
                continue;
            var tokens = new LibFmLine(line, fieldAware: false);
            tokens.TryReadToken(out _, out _);
            if (!tokens.TryReadToken(out int start, out int length))
                continue; // a label without features says nothing about the form
            switch (line.Slice(start, length).Count(':'))
            {
                case 2:
                    return LibFmFormat.FieldIndexValue;
                case 1:
                    return LibFmFormat.IndexValue;
                default:
                    Fail(path, lines.LineNumber, line, new ParseError("feature token 1", start, length, "field:index:value or index:value"), options);
                    break;
            }
        }
        // No features anywhere: the form does not matter.
        return LibFmFormat.FieldIndexValue;
    }

    /// <summary>The pre-pass: every field id used on a well-formed line.</summary>
    private static List<int> CollectFieldIds(string path, LibFmOptions options)
    {
        // A flag per id rather than a set: the pass looks up every token of the file.
        var seen = new bool[64];
        var ids = new List<int>();
        var newOnLine = new List<int>();
        using var lines = LineReader.Open(path);
        while (lines.TryReadLine(out var memory))
        {
            var line = memory.Span;
            if (LibFmLine.IsBlank(line))
                continue;
            newOnLine.Clear();
            if (!TryScan(line, fieldAware: true, options, seen, newOnLine, out _, out var error))
            {
                Fail(path, lines.LineNumber, line, error, options);
                continue;
            }
            foreach (int id in newOnLine)
            {
                if (id >= seen.Length)
                    Array.Resize(ref seen, Math.Max(id + 1, seen.Length * 2));
                if (!seen[id])
                {
                    seen[id] = true;
                    ids.Add(id);
                }
            }
        }
        return ids;
    }

    private static (int Count, long LineNumber) CountFirstRowTokens(string path, LibFmOptions options)
    {
        using var lines = LineReader.Open(path);
        while (lines.TryReadLine(out var memory))
        {
            var line = memory.Span;
            if (LibFmLine.IsBlank(line))
                continue;
            if (TryScan(line, fieldAware: false, options, null, null, out int count, out var error))
                return (count, lines.LineNumber);
            Fail(path, lines.LineNumber, line, error, options);
        }
        return (0, 0);
    }

    /// <summary>Checks a line's syntax (label and tokens), collecting field ids not yet <paramref name="seen"/> into <paramref name="newIds"/>.</summary>
    private static bool TryScan(ReadOnlySpan<char> line, bool fieldAware, LibFmOptions options, bool[]? seen, List<int>? newIds,
        out int featureCount, out ParseError error)
    {
        featureCount = 0;
        var tokens = new LibFmLine(line, fieldAware);
        if (!tokens.TryReadLabel(options.LabelColumnName, out _, out error))
            return false;
        while (tokens.TryReadFeature(out var feature, out error))
        {
            featureCount++;
            if (newIds is not null && (feature.Field >= seen!.Length || !seen[feature.Field]))
                newIds.Add(feature.Field);
        }
        return error.Expected is null;
    }

    private static void Fail(string path, long lineNumber, ReadOnlySpan<char> line, ParseError error, LibFmOptions options)
    {
        if (!options.SkipMalformedLines)
            throw error.ToException(path, lineNumber, line);
    }
}

namespace Rankitect.Data;

/// <summary>One feature token of a libFM line, as positions in the line plus parsed numbers.</summary>
internal readonly struct LibFmFeature
{
    public LibFmFeature(int ordinal, int tokenStart, int tokenLength, int field, int indexStart, int indexLength, long index, float value)
    {
        Ordinal = ordinal;
        TokenStart = tokenStart;
        TokenLength = tokenLength;
        Field = field;
        IndexStart = indexStart;
        IndexLength = indexLength;
        Index = index;
        Value = value;
    }

    /// <summary>0-based position among the line's feature tokens.</summary>
    public int Ordinal { get; }
    public int TokenStart { get; }
    public int TokenLength { get; }
    /// <summary>Field id, or -1 in index:value form.</summary>
    public int Field { get; }
    public int IndexStart { get; }
    public int IndexLength { get; }
    public long Index { get; }
    public float Value { get; }

    /// <summary>How error messages name this token.</summary>
    public string Describe() => $"feature token {Ordinal + 1}";
}

/// <summary>
/// Splits a libFM / libSVM line into its label and feature tokens and checks their syntax.
/// Knows nothing about which fields exist; that is the layout's job.
/// </summary>
internal ref struct LibFmLine
{
    // Field ids index an array of columns, so a corrupt huge id must not size that array.
    internal const int MaxFieldId = 999_999;

    private static readonly System.Buffers.SearchValues<char> Separators = System.Buffers.SearchValues.Create(" \t");

    private readonly ReadOnlySpan<char> _line;
    private readonly bool _fieldAware;
    private int _position;
    private int _ordinal;

    public LibFmLine(ReadOnlySpan<char> line, bool fieldAware)
    {
        _line = line;
        _fieldAware = fieldAware;
    }

    public static bool IsBlank(ReadOnlySpan<char> line) => line.IndexOfAnyExcept(Separators) < 0;

    public static string ExpectedToken(bool fieldAware) => fieldAware
        ? "field:index:value (field id 0 to 999999, index a non-negative integer, value a number)"
        : "index:value (index a non-negative integer, value a number)";

    /// <summary>Reads the label, the first token of the line.</summary>
    public bool TryReadLabel(string labelColumn, out bool label, out ParseError error)
    {
        TryReadToken(out int start, out int length);
        if (!FieldParsing.TryParseLabel(_line.Slice(start, length), out label))
        {
            error = new ParseError($"column '{labelColumn}'", start, length, FieldParsing.ExpectedLabel);
            return false;
        }
        error = default;
        return true;
    }

    /// <summary>Reads the next feature token; false at the end of the line (error is default) or on bad syntax.</summary>
    public bool TryReadFeature(out LibFmFeature feature, out ParseError error)
    {
        feature = default;
        error = default;
        if (!TryReadToken(out int start, out int length))
            return false;
        int ordinal = _ordinal++;
        var token = _line.Slice(start, length);

        int firstColon = token.IndexOf(':');
        int lastColon = token.LastIndexOf(':');
        long fieldId = -1;
        // field:index:value has exactly two colons, index:value exactly one.
        bool ok = _fieldAware
            ? firstColon > 0 && lastColon > firstColon + 1 && token[(firstColon + 1)..lastColon].IndexOf(':') < 0
                && FieldParsing.TryParseIndex(token[..firstColon], out fieldId) && fieldId <= MaxFieldId
            : firstColon > 0 && firstColon == lastColon;
        int indexStart = _fieldAware ? firstColon + 1 : 0;
        int indexLength = lastColon - indexStart;
        long index = 0;
        float value = 0;
        if (!ok
            || !FieldParsing.TryParseIndex(token.Slice(indexStart, indexLength), out index)
            || !FieldParsing.TryParseSingle(token[(lastColon + 1)..], out value))
        {
            error = new ParseError($"feature token {ordinal + 1}", start, length, ExpectedToken(_fieldAware));
            return false;
        }
        feature = new LibFmFeature(ordinal, start, length, (int)fieldId, start + indexStart, indexLength, index, value);
        return true;
    }

    /// <summary>Reads the next token without interpreting it; false at the end of the line.</summary>
    public bool TryReadToken(out int start, out int length)
    {
        int skip = _line[_position..].IndexOfAnyExcept(Separators);
        if (skip < 0)
        {
            _position = _line.Length;
            start = _position;
            length = 0;
            return false;
        }
        start = _position + skip;
        int stop = _line[start..].IndexOfAny(Separators);
        length = stop < 0 ? _line.Length - start : stop;
        _position = start + length;
        return true;
    }
}

namespace Rankitect.Data;

/// <summary>Parses Criteo-style TSV lines; column i of the schema is field i of the line.</summary>
internal sealed class CriteoTsvRowReader : CtrTextRowReader
{
    private const string ExpectedNumber = "a number or an empty field";

    private readonly string[] _fields;
    private readonly int _labelFields;
    private readonly int _firstCategorical;
    private readonly bool _allowTruncated;

    public CriteoTsvRowReader(CriteoTsvDataView view)
        : base(view, view.Options)
    {
        var options = view.Options;
        _fields = view.FieldDescriptions;
        _labelFields = options.HasLabel ? 1 : 0;
        _firstCategorical = _labelFields + options.IntegerFeatureCount;
        _allowTruncated = options.AllowTruncatedRows;
    }

    protected override bool IsEmpty(ReadOnlySpan<char> line) => line.IsEmpty;

    protected override bool TryParse(ReadOnlyMemory<char> line, RowValues values, out ParseError error)
    {
        var span = line.Span;
        int position = 0;
        for (int field = 0; field < _fields.Length; field++)
        {
            if (position > span.Length)
            {
                if (!_allowTruncated)
                {
                    error = ParseError.WholeLine(span,
                        $"{_fields.Length} TAB-separated fields, found {field} (for files whose trailing empty fields were cut off, set AllowTruncatedRows)");
                    return false;
                }
                SetMissing(values, field);
                continue;
            }

            int tab = span.Slice(position).IndexOf('\t');
            int end = tab < 0 ? span.Length : position + tab;
            var text = span[position..end];
            if (field >= _firstCategorical)
            {
                values.SetText(field, line[position..end]);
            }
            else if (field >= _labelFields)
            {
                if (text.IsEmpty)
                    values.SetSingle(field, float.NaN);
                else if (FieldParsing.TryParseSingle(text, out float number))
                    values.SetSingle(field, number);
                else
                {
                    error = new ParseError(_fields[field], position, text.Length, ExpectedNumber);
                    return false;
                }
            }
            else
            {
                if (!FieldParsing.TryParseLabel(text, out bool label))
                {
                    error = new ParseError(_fields[field], position, text.Length, FieldParsing.ExpectedLabel);
                    return false;
                }
                values.SetBoolean(field, label);
            }
            position = end + 1;
        }

        if (position <= span.Length)
        {
            int found = _fields.Length + 1 + span[position..].Count('\t');
            error = ParseError.WholeLine(span, $"{_fields.Length} TAB-separated fields, found {found}");
            return false;
        }
        error = default;
        return true;
    }

    private void SetMissing(RowValues values, int field)
    {
        // The label is the first field, so a non-empty line always has it.
        if (field >= _firstCategorical)
            values.SetText(field, ReadOnlyMemory<char>.Empty);
        else
            values.SetSingle(field, float.NaN);
    }
}

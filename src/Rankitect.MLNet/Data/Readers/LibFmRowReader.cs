namespace Rankitect.Data;

/// <summary>Parses libFM lines into the label (column 0) and one column per field (column 1 + field column).</summary>
internal sealed class LibFmRowReader : CtrTextRowReader
{
    private const string ExpectedOneHot =
        "value 1 for a one-hot feature (set RequireOneHotValues = false to ignore values, or list the field in NumericFields)";

    private readonly LibFmLayout _layout;
    private readonly string _labelName;
    private readonly bool[] _numeric;
    private readonly bool _requireOneHot;
    private readonly LibFmRepeatedFieldHandling _repeats;
    private readonly char _joinSeparator;
    private readonly float _absentNumeric;
    private readonly int[] _featuresPerField;
    private readonly AppendOnlyText _joinedText = new();
    private readonly List<int> _joinedFields = new();
    private (int Field, int Start, int Length)[] _joinParts = new (int, int, int)[32];
    private int _joinPartCount;

    public LibFmRowReader(LibFmDataView view)
        : base(view, view.Options)
    {
        var options = view.Options;
        _layout = view.Layout;
        _labelName = options.LabelColumnName;
        _numeric = _layout.Numeric;
        _requireOneHot = options.RequireOneHotValues;
        _repeats = options.RepeatedFieldHandling;
        _joinSeparator = options.JoinSeparator;
        _absentNumeric = options.AbsentNumericValue;
        _featuresPerField = new int[_numeric.Length];
    }

    protected override bool IsEmpty(ReadOnlySpan<char> line) => LibFmLine.IsBlank(line);

    protected override bool TryParse(ReadOnlyMemory<char> memory, RowValues values, out ParseError error)
    {
        var line = memory.Span;
        var tokens = new LibFmLine(line, _layout.FieldAware);
        if (!tokens.TryReadLabel(_labelName, out bool label, out error))
            return false;
        values.SetBoolean(0, label);

        for (int field = 0; field < _featuresPerField.Length; field++)
        {
            _featuresPerField[field] = 0;
            if (_numeric[field])
                values.SetSingle(field + 1, _absentNumeric);
            else
                values.SetText(field + 1, ReadOnlyMemory<char>.Empty);
        }
        _joinedFields.Clear();
        _joinPartCount = 0;

        int featureCount = 0;
        bool positional = _layout.PositionalCount >= 0;
        while (tokens.TryReadFeature(out var feature, out error))
        {
            featureCount++;
            int field = _layout.ColumnOf(feature);
            if (field < 0)
            {
                if (positional)
                    continue; // reported below with the line's token count
                error = new ParseError(feature.Describe(), feature.TokenStart, feature.TokenLength, _layout.UnknownFeatureExpected);
                return false;
            }
            bool numeric = _numeric[field];
            if (!numeric && _requireOneHot && feature.Value != 1)
            {
                error = FieldError(field, feature, ExpectedOneHot);
                return false;
            }
            if (_featuresPerField[field] > 0)
            {
                if (_repeats == LibFmRepeatedFieldHandling.KeepFirst)
                    continue;
                if (_repeats == LibFmRepeatedFieldHandling.Error || numeric)
                {
                    error = FieldError(field, feature,
                        "one feature per field (the field occurs earlier on this line; see LibFmOptions.RepeatedFieldHandling)");
                    return false;
                }
                if (_featuresPerField[field] == 1)
                    _joinedFields.Add(field);
            }
            _featuresPerField[field]++;

            if (numeric)
            {
                values.SetSingle(field + 1, feature.Value);
                continue;
            }
            if (_featuresPerField[field] == 1)
                values.SetText(field + 1, memory.Slice(feature.IndexStart, feature.IndexLength));
            if (_repeats == LibFmRepeatedFieldHandling.Join)
                AddJoinPart(field, feature.IndexStart, feature.IndexLength);
        }
        if (error.Expected is not null)
            return false;

        if (positional && featureCount != _layout.PositionalCount)
        {
            error = ParseError.WholeLine(line, $"{_layout.UnknownFeatureExpected}, but the line has {featureCount}");
            return false;
        }

        foreach (int field in _joinedFields)
            values.SetText(field + 1, Join(field, line));
        error = default;
        return true;
    }

    private ParseError FieldError(int field, in LibFmFeature feature, string expected)
        => new($"{_layout.FieldDescriptions[field]} ({feature.Describe()})", feature.TokenStart, feature.TokenLength, expected);

    private void AddJoinPart(int field, int start, int length)
    {
        if (_joinPartCount == _joinParts.Length)
            Array.Resize(ref _joinParts, _joinParts.Length * 2);
        _joinParts[_joinPartCount++] = (field, start, length);
    }

    private ReadOnlyMemory<char> Join(int field, ReadOnlySpan<char> line)
    {
        int length = -1;
        for (int i = 0; i < _joinPartCount; i++)
        {
            if (_joinParts[i].Field == field)
                length += _joinParts[i].Length + 1;
        }
        var target = _joinedText.Reserve(length, out var joined);
        int written = 0;
        for (int i = 0; i < _joinPartCount; i++)
        {
            var (partField, start, partLength) = _joinParts[i];
            if (partField != field)
                continue;
            if (written > 0)
                target[written++] = _joinSeparator;
            line.Slice(start, partLength).CopyTo(target[written..]);
            written += partLength;
        }
        return joined;
    }
}

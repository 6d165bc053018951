namespace Rankitect.Data;

/// <summary>
/// One pass over a CTR text file: skips empty lines, turns parse failures into exceptions or skips
/// and counts them, and reports the pass's counts to the view when it reaches the end.
/// </summary>
internal abstract class CtrTextRowReader : IRowReader
{
    private readonly CtrTextFileDataView _view;
    private readonly LineReader _lines;
    private readonly bool _skipMalformed;
    private readonly Action<CtrDataFormatException>? _callback;
    private long _rows;
    private long _emptyLines;
    private long _malformedLines;
    private bool _finished;

    protected CtrTextRowReader(CtrTextFileDataView view, CtrTextReaderOptions options)
    {
        _view = view;
        _skipMalformed = options.SkipMalformedLines;
        _callback = options.MalformedLineCallback;
        _lines = LineReader.Open(view.FilePath);
    }

    /// <summary>Whether a line holds no row. Such lines are skipped and counted, never malformed.</summary>
    protected abstract bool IsEmpty(ReadOnlySpan<char> line);

    /// <summary>Parses a non-empty line into <paramref name="values"/>; false with the reason when malformed.</summary>
    protected abstract bool TryParse(ReadOnlyMemory<char> line, RowValues values, out ParseError error);

    public bool MoveNext(RowValues values)
    {
        if (_finished)
            return false;
        while (_lines.TryReadLine(out var line))
        {
            if (IsEmpty(line.Span))
            {
                _emptyLines++;
                continue;
            }
            if (TryParse(line, values, out var error))
            {
                _rows++;
                return true;
            }
            if (!_skipMalformed)
                throw error.ToException(_view.FilePath, _lines.LineNumber, line.Span);
            _malformedLines++;
            _callback?.Invoke(error.ToException(_view.FilePath, _lines.LineNumber, line.Span));
        }
        _finished = true;
        _view.OnPassCompleted(new ReadStatistics(_lines.LineNumber, _rows, _emptyLines, _malformedLines));
        if (_rows == 0) // said here, where the file is known, rather than later as "no training rows"
            throw new InvalidDataException($"'{_view.FilePath}' has no data rows ({_lines.LineNumber:N0} lines read: {_emptyLines:N0} empty, " +
                $"{_malformedLines:N0} skipped as malformed); expected at least one row.");
        return false;
    }

    public void Dispose() => _lines.Dispose();
}

namespace Rankitect.Data;

/// <summary>Counts from one complete pass of a cursor over a CTR text file.</summary>
public sealed class ReadStatistics
{
    internal ReadStatistics(long lineCount, long rowCount, long emptyLineCount, long malformedLineCount)
    {
        LineCount = lineCount;
        RowCount = rowCount;
        EmptyLineCount = emptyLineCount;
        MalformedLineCount = malformedLineCount;
    }

    /// <summary>Lines in the file, including empty and malformed ones.</summary>
    public long LineCount { get; }

    /// <summary>Rows the pass produced.</summary>
    public long RowCount { get; }

    /// <summary>Empty (or, for libFM, blank) lines that were skipped.</summary>
    public long EmptyLineCount { get; }

    /// <summary>Malformed lines that were skipped (only non-zero when skipping is enabled).</summary>
    public long MalformedLineCount { get; }

    /// <inheritdoc/>
    public override string ToString()
        => $"{RowCount} rows from {LineCount} lines ({EmptyLineCount} empty, {MalformedLineCount} malformed skipped)";
}

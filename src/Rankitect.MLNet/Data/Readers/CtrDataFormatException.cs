namespace Rankitect.Data;

/// <summary>
/// A line of a CTR data file does not match the expected layout. The message names the file,
/// the 1-based line number, the column or field, the offending text and what was expected.
/// </summary>
public sealed class CtrDataFormatException : FormatException
{
    // Long lines are cut in the message; the properties keep the text in full.
    private const int MaxTextInMessage = 120;

    /// <summary>Creates the exception from its parts; the message is built from them.</summary>
    /// <param name="filePath">The file being read.</param>
    /// <param name="lineNumber">1-based line number in the file, counting empty lines.</param>
    /// <param name="column">The column, field or token at fault; null when the line as a whole is.</param>
    /// <param name="offendingText">The text that could not be read.</param>
    /// <param name="expected">What the reader expected instead.</param>
    public CtrDataFormatException(string filePath, long lineNumber, string? column, string offendingText, string expected)
        : base(BuildMessage(filePath, lineNumber, column, offendingText, expected))
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Column = column;
        OffendingText = offendingText;
        Expected = expected;
    }

    /// <summary>The file being read.</summary>
    public string FilePath { get; }

    /// <summary>1-based line number in the file; empty lines count.</summary>
    public long LineNumber { get; }

    /// <summary>The column, field or token at fault, or null when the problem is the line as a whole.</summary>
    public string? Column { get; }

    /// <summary>The text that could not be read.</summary>
    public string OffendingText { get; }

    /// <summary>What the reader expected instead.</summary>
    public string Expected { get; }

    private static string BuildMessage(string filePath, long lineNumber, string? column, string text, string expected)
    {
        string shown = text.Length <= MaxTextInMessage ? text : string.Concat(text.AsSpan(0, MaxTextInMessage), "...");
        // TABs shown as \t so field boundaries stay visible in a log.
        shown = shown.Replace("\t", "\\t").Replace("\r", "\\r");
        string where = column is null ? "" : $" {column}:";
        return $"{filePath}, line {lineNumber}:{where} found '{shown}', expected {expected}.";
    }
}

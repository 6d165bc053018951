namespace Rankitect.Data;

/// <summary>
/// What went wrong on a line, kept as offsets so a skipped line costs no allocation
/// unless someone asks for the details.
/// </summary>
/// <param name="Column">Column, field or token at fault; null for the whole line.</param>
/// <param name="Start">Start of the offending text in the line.</param>
/// <param name="Length">Length of the offending text.</param>
/// <param name="Expected">What was expected, phrased to follow "expected".</param>
internal readonly record struct ParseError(string? Column, int Start, int Length, string Expected)
{
    public static ParseError WholeLine(ReadOnlySpan<char> line, string expected) => new(null, 0, line.Length, expected);

    public CtrDataFormatException ToException(string filePath, long lineNumber, ReadOnlySpan<char> line)
        => new(filePath, lineNumber, Column, line.Slice(Start, Length).ToString(), Expected);
}

using System.Text;
using Rankitect.Data;

namespace Rankitect.Tests.Data.Readers;

public sealed class LineReaderTests
{
    private static List<ReadOnlyMemory<char>> ReadLines(byte[] bytes, int blockChars)
    {
        using var reader = new LineReader(new MemoryStream(bytes), blockChars);
        var lines = new List<ReadOnlyMemory<char>>();
        while (reader.TryReadLine(out var line))
        {
            lines.Add(line);
            Assert.Equal(lines.Count, reader.LineNumber);
        }
        return lines;
    }

    private static List<ReadOnlyMemory<char>> ReadLines(string text, int blockChars)
        => ReadLines(new UTF8Encoding(false).GetBytes(text), blockChars);

    [Theory]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(40)]
    [InlineData(LineReader.DefaultBlockChars)]
    public void SplitsLinesAcrossBlocks_AndNeverOverwritesEarlierLines(int blockChars)
    {
        // Lines of many lengths (some longer than a block), LF and CRLF mixed, multi-byte chars.
        var random = new Random(7);
        string[] pieces = { "a", "b", "\t", "é", "€", "😀" };
        var expected = new List<string>();
        var text = new StringBuilder();
        for (int i = 0; i < 400; i++)
        {
            string line = string.Concat(Enumerable.Range(0, random.Next(0, 60)).Select(j => pieces[(i + j) % pieces.Length]));
            expected.Add(line);
            text.Append(line).Append(i % 3 == 0 ? "\r\n" : "\n");
        }

        var lines = ReadLines(text.ToString(), blockChars);

        // Compared only after all reading: lines handed out earlier must still hold their text.
        Assert.Equal(expected, lines.Select(l => l.ToString()));
    }

    [Fact]
    public void FinalLineWithoutNewline_IsRead()
    {
        Assert.Equal(new[] { "a", "b" }, ReadLines("a\nb", 16).Select(l => l.ToString()));
        Assert.Equal(new[] { "a", "b" }, ReadLines("a\r\nb\r\n", 16).Select(l => l.ToString()));
        Assert.Empty(ReadLines("", 16));
    }

    [Fact]
    public void EmptyLinesAreReturnedAsEmpty()
    {
        Assert.Equal(new[] { "", "a", "", "" }, ReadLines("\na\r\n\r\n\n", 16).Select(l => l.ToString()));
    }

    [Fact]
    public void CrlfSplitBetweenTwoReads_IsOneLineEnd()
    {
        // With 16-char blocks the reader reads 16 bytes at a time; put the \r at byte 16 and the \n at byte 17.
        string first = new('x', 15);
        var lines = ReadLines(first + "\r\nnext\r\n", 16);

        Assert.Equal(new[] { first, "next" }, lines.Select(l => l.ToString()));
    }

    [Fact]
    public void Utf8ByteOrderMark_IsSkipped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("a\tb\nc")).ToArray();

        Assert.Equal(new[] { "a\tb", "c" }, ReadLines(bytes, 16).Select(l => l.ToString()));
        Assert.Empty(ReadLines(new byte[] { 0xEF, 0xBB, 0xBF }, 16));
    }

    [Fact]
    public void ByteOrderMarkCharLaterInTheFile_IsKept()
    {
        var lines = ReadLines("a\n\uFEFFb", 16);

        Assert.Equal("\uFEFFb", lines[1].ToString());
    }
}

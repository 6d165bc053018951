using System.Text;

namespace Rankitect.Data;

/// <summary>
/// Reads UTF-8 text lines from a stream as slices of large char blocks, without a string per line.
/// </summary>
/// <remarks>
/// A block is never written again once a line in it has been handed out: ML.NET's Preview and Cache keep
/// <see cref="ReadOnlyMemory{T}"/> text values of earlier rows without copying them, so a reused buffer
/// would silently change rows already read. When a block is full the reader starts a new one and leaves
/// the old one to the garbage collector. Line ends are LF or CRLF; a UTF-8 byte order mark is skipped.
/// </remarks>
internal sealed class LineReader : IDisposable
{
    // 32K chars = 64 KB: below the 85 KB large-object threshold, so blocks die cheaply in gen 0.
    internal const int DefaultBlockChars = 32 * 1024;

    private readonly Stream _stream;
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetDecoder();
    private readonly byte[] _bytes;
    private readonly int _blockChars;
    private char[] _block;
    private int _start;   // first char of the next line
    private int _scanned; // chars in [_start, _scanned) hold no '\n'
    private int _end;     // decoded chars end here
    private bool _endOfStream;
    private bool _atStart = true;

    public LineReader(Stream stream, int blockChars = DefaultBlockChars)
    {
        if (blockChars < 16)
            throw new ArgumentOutOfRangeException(nameof(blockChars));
        _stream = stream;
        _blockChars = blockChars;
        _block = new char[blockChars];
        _bytes = new byte[Math.Max(16, blockChars / 2)];
    }

    /// <summary>Opens a file for one sequential pass.</summary>
    public static LineReader Open(string path)
        => new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan));

    /// <summary>1-based number of the line last returned; 0 before the first.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Reads the next line without its line end; false at the end of the stream.</summary>
    public bool TryReadLine(out ReadOnlyMemory<char> line)
    {
        while (true)
        {
            int newline = _block.AsSpan(_scanned, _end - _scanned).IndexOf('\n');
            if (newline >= 0)
            {
                int stop = _scanned + newline;
                line = Slice(_start, stop);
                _start = _scanned = stop + 1;
                LineNumber++;
                return true;
            }
            _scanned = _end;
            if (_endOfStream)
            {
                if (_start == _end)
                {
                    line = default;
                    return false;
                }
                // Final line without a line end.
                line = Slice(_start, _end);
                _start = _scanned = _end;
                LineNumber++;
                return true;
            }
            Fill();
        }
    }

    private ReadOnlyMemory<char> Slice(int start, int stop)
    {
        if (stop > start && _block[stop - 1] == '\r')
            stop--;
        return new ReadOnlyMemory<char>(_block, start, stop - start);
    }

    private void Fill()
    {
        int pending = _end - _start;
        // Leave room for a multi-byte sequence the decoder may still hold.
        int free = _block.Length - _end - 4;
        if (free < _blockChars / 4)
        {
            // Start a new block with the unfinished line; grow for lines longer than a block.
            var next = new char[Math.Max(_blockChars, pending * 2 + _blockChars / 2)];
            _block.AsSpan(_start, pending).CopyTo(next);
            _block = next;
            _start = 0;
            _scanned = _end = pending;
            free = _block.Length - _end - 4;
        }

        int read = _stream.Read(_bytes, 0, Math.Min(_bytes.Length, free));
        _endOfStream = read == 0;
        int decoded = _decoder.GetChars(_bytes, 0, read, _block, _end, flush: _endOfStream);
        if (_atStart && decoded > 0)
        {
            _atStart = false;
            if (_block[_end] == '\uFEFF')
            {
                _start++;
                _scanned++;
            }
        }
        _end += decoded;
    }

    public void Dispose() => _stream.Dispose();
}

namespace Rankitect.Data;

/// <summary>
/// Hands out text built by a reader (e.g. joined indices) as slices of blocks that are never written twice,
/// for the same reason as <see cref="LineReader"/>: ML.NET may keep text values of earlier rows.
/// </summary>
internal sealed class AppendOnlyText
{
    private const int BlockChars = 4096;
    private char[] _block = new char[BlockChars];
    private int _used;

    /// <summary>Returns room for <paramref name="length"/> chars; <paramref name="memory"/> is the same chars, to hand out.</summary>
    public Span<char> Reserve(int length, out ReadOnlyMemory<char> memory)
    {
        if (_block.Length - _used < length)
        {
            _block = new char[Math.Max(BlockChars, length)];
            _used = 0;
        }
        memory = new ReadOnlyMemory<char>(_block, _used, length);
        var span = _block.AsSpan(_used, length);
        _used += length;
        return span;
    }
}

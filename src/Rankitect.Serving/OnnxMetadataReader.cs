using System.Security.Cryptography;
using System.Text;

namespace Rankitect.Serving;

/// <summary>
/// Reads one entry of an ONNX model's <c>metadata_props</c> (ModelProto field 14, StringStringEntryProto
/// {key = 1, value = 2}) straight from the protobuf wire format, skipping everything else.
/// </summary>
/// <remarks>Why not ONNX Runtime's <c>ModelMetadata.CustomMetadataMap</c>: it builds a whole inference session
/// (every weight loaded and the graph optimized) to read a few kilobytes. The wire format of one message level is
/// small and fixed; the network is streamed past, never held in memory.</remarks>
internal static class OnnxMetadataReader
{
    private const int MetadataPropsField = 14;
    private const int GraphField = 7;

    /// <summary>The value of the metadata entry <paramref name="key"/> (the last, if repeated), or null when the model
    /// has none. Reads <paramref name="model"/> to its end, or <paramref name="length"/> bytes when given. When the model
    /// records the SHA-256 of its graph (<see cref="RankitectModelInfo.GraphHashKey"/>), the graph read is checked against it.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a protobuf message.</exception>
    /// <exception cref="DamagedModelException">The graph's bytes differ from those the model was saved with.</exception>
    public static string? Find(Stream model, string key, long? length = null)
    {
        var reader = new WireReader(model, length ?? long.MaxValue);
        string? found = null, recordedHash = null, actualHash = null;
        while (reader.TryReadTag(out int field, out int wireType))
        {
            if (field == MetadataPropsField && wireType == WireReader.LengthDelimited)
            {
                var (entryKey, value) = ReadEntry(reader.ReadBytes(reader.ReadLength()));
                if (entryKey == key)
                    found = value;
                else if (entryKey == RankitectModelInfo.GraphHashKey)
                    recordedHash = value;
            }
            else if (field == GraphField && wireType == WireReader.LengthDelimited)
            {
                actualHash = Convert.ToHexStringLower(SHA256.HashData(reader.ReadBytes(reader.ReadLength())));
            }
            else
            {
                reader.SkipField(wireType);
            }
        }
        if (recordedHash is not null && !string.Equals(recordedHash, actualHash, StringComparison.OrdinalIgnoreCase))
            throw new DamagedModelException($"the network's content hash (SHA-256 of its graph) is {actualHash ?? "missing"}, " +
                $"but it was saved with {recordedHash}: the file was changed or damaged after it was written");
        return found;
    }

    private static (string? Key, string? Value) ReadEntry(byte[] entry)
    {
        using var stream = new MemoryStream(entry, writable: false);
        var reader = new WireReader(stream, entry.Length);
        string? key = null, value = null;
        while (reader.TryReadTag(out int field, out int wireType))
        {
            if (wireType == WireReader.LengthDelimited && field is 1 or 2)
            {
                var text = Encoding.UTF8.GetString(reader.ReadBytes(reader.ReadLength()));
                if (field == 1) key = text; else value = text;
            }
            else
            {
                reader.SkipField(wireType);
            }
        }
        return (key, value);
    }

    /// <summary>Protobuf wire-format primitives over a stream, bounded by a byte count.</summary>
    private sealed class WireReader(Stream stream, long limit)
    {
        public const int LengthDelimited = 2;
        private readonly byte[] _scratch = new byte[81920];
        private readonly bool _bounded = limit != long.MaxValue;
        private long _remaining = limit;

        public bool TryReadTag(out int field, out int wireType)
        {
            field = wireType = 0;
            if (_remaining == 0)
                return false;
            int first = stream.ReadByte();
            if (first < 0)
            {
                if (_bounded)
                    throw Invalid("it ends before its declared length");
                return false;
            }
            _remaining--;
            ulong tag = ReadVarint(first);
            wireType = (int)(tag & 7);
            if (tag >> 3 is 0 or > int.MaxValue)
                throw Invalid($"field number {tag >> 3}");
            field = (int)(tag >> 3);
            return true;
        }

        public long ReadLength()
        {
            ulong length = ReadVarint(NextByte());
            if (length > (ulong)_remaining || length > int.MaxValue)
                throw Invalid($"a field of {length} bytes runs past the end");
            return (long)length;
        }

        public byte[] ReadBytes(long count)
        {
            var bytes = new byte[count];
            stream.ReadExactly(bytes);
            _remaining -= count;
            return bytes;
        }

        public void SkipField(int wireType)
        {
            switch (wireType)
            {
                case 0: ReadVarint(NextByte()); break;
                case 1: Skip(8); break;
                case LengthDelimited: Skip(ReadLength()); break;
                case 5: Skip(4); break;
                default: throw Invalid($"wire type {wireType}");
            }
        }

        private void Skip(long count)
        {
            if (count > _remaining)
                throw Invalid("a field runs past the end");
            if (stream.CanSeek)
            {
                if (stream.Position + count > stream.Length)
                    throw Invalid("a field runs past the end");
                stream.Seek(count, SeekOrigin.Current);
            }
            else
            {
                for (long left = count; left > 0;)
                {
                    int read = stream.Read(_scratch, 0, (int)Math.Min(left, _scratch.Length));
                    if (read == 0)
                        throw Invalid("a field runs past the end");
                    left -= read;
                }
            }
            _remaining -= count;
        }

        private int NextByte()
        {
            int b = _remaining > 0 ? stream.ReadByte() : -1;
            if (b < 0)
                throw Invalid("it ends inside a field");
            _remaining--;
            return b;
        }

        private ulong ReadVarint(int first)
        {
            ulong value = (ulong)(first & 0x7F);
            for (int shift = 7, b = first; (b & 0x80) != 0; shift += 7)
            {
                if (shift > 63)
                    throw Invalid("a varint longer than 10 bytes");
                b = NextByte();
                value |= (ulong)(b & 0x7F) << shift;
            }
            return value;
        }

        private static InvalidDataException Invalid(string what) => new($"Not an ONNX model (protobuf): {what}.");
    }
}

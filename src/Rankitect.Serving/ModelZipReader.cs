using System.Buffers.Binary;
using System.IO.Compression;

namespace Rankitect.Serving;

/// <summary>Finds the Rankitect model info in an ML.NET model zip: the metadata of the ONNX network stored there.</summary>
/// <remarks>ML.NET's ONNX transformer saves its model as a zip entry named <see cref="OnnxEntryName"/> in its own
/// folder (e.g. <c>TransformerChain/Transform_001/OnnxModel</c>), written as a 32-bit little-endian length followed
/// by the ONNX bytes. Every such entry is searched, so the info is found wherever the network sits in a chain.</remarks>
internal static class ModelZipReader
{
    /// <summary>File name of the zip entry in which ML.NET 5 saves an ONNX transformer's model.</summary>
    public const string OnnxEntryName = "OnnxModel";

    /// <summary>Reads the info from the zip in <paramref name="zip"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">Not a zip, or no ONNX model in it carries Rankitect model info.</exception>
    public static RankitectModelInfo Read(Stream zip, string source)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{Capitalize(source)} is not a zip file, so not an ML.NET model: {e.Message}", e);
        }

        using (archive)
        {
            int onnxModels = 0;
            InvalidDataException? unreadable = null;
            foreach (var entry in archive.Entries.Where(e => e.Name == OnnxEntryName))
            {
                onnxModels++;
                string? json;
                try
                {
                    json = ReadMetadata(entry);
                }
                catch (DamagedModelException e)
                {
                    throw new DamagedModelException($"{Capitalize(source)} is damaged: {e.Message}.", e);
                }
                catch (InvalidDataException e)
                {
                    unreadable ??= e; // not a network of ours, or damaged (e.g. a zip CRC mismatch); another entry may be ours
                    continue;
                }
                if (json is null)
                    continue;
                try
                {
                    return RankitectModelInfo.FromJson(json);
                }
                catch (InvalidDataException e)
                {
                    throw new InvalidDataException($"{Capitalize(source)} holds Rankitect model info that cannot be read: {e.Message}", e);
                }
            }
            if (unreadable is not null)
                throw new DamagedModelException($"{Capitalize(source)} is damaged or not a Rankitect model: its ONNX model cannot be read ({unreadable.Message}).", unreadable);
            throw new InvalidDataException(onnxModels == 0
                ? $"{Capitalize(source)} holds no Rankitect model info: it is not a Rankitect model zip (no ONNX model inside)."
                : $"{Capitalize(source)} holds no Rankitect model info: its ONNX model has no '{RankitectModelInfo.MetadataKey}' metadata "
                  + "(not fitted by Rankitect, or by a version before model info).");
        }
    }

    private static string? ReadMetadata(ZipArchiveEntry entry)
    {
        if (entry.Length < 4)
            throw new InvalidDataException("The entry is too short for an ONNX model.");
        using var stream = entry.Open();
        Span<byte> prefix = stackalloc byte[4];
        stream.ReadExactly(prefix);
        int length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length < 0 || length != entry.Length - 4)
            throw new InvalidDataException("The entry is not a length-prefixed ONNX model.");
        return OnnxMetadataReader.Find(stream, RankitectModelInfo.MetadataKey, length);
    }

    private static string Capitalize(string source) => source.Length > 0 && char.IsLower(source[0])
        ? char.ToUpperInvariant(source[0]) + source[1..]
        : source;
}

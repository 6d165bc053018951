using Microsoft.ML;
using Microsoft.ML.Data;
using System.IO.Compression;
using Rankitect.Serving;

namespace Rankitect.Tests.Reliability;

/// <summary>A model zip whose network bytes changed after it was saved is refused by every Rankitect reader, naming
/// the file, instead of scoring with a damaged network.</summary>
public class DamagedModelTests
{
    private string SavedZip()
    {
        string path = Path.Combine(Path.GetTempPath(), $"rankitect-damaged-{Guid.NewGuid():N}.zip");
        AtomicFile.Write(path, s => s.Write(ReliabilityData.Model.Zip));
        return path;
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(0.75)]
    public void A_byte_flipped_inside_the_network_with_a_valid_zip_is_detected(double position)
    {
        string path = SavedZip();
        Assert.NotNull(RankitectModelInfo.Load(path)); // intact: reads
        FlipByteInNetwork(path, position);
        var error = Assert.ThrowsAny<IOException>(() => RankitectModelInfo.Load(path));
        Assert.Contains("damaged", error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void A_byte_flipped_in_the_zip_file_itself_is_detected()
    {
        string path = SavedZip();
        var bytes = File.ReadAllBytes(path);
        // Inside the compressed ONNX entry: find its local header and flip a byte well into its data.
        int onnx = IndexOf(bytes, "OnnxModel"u8.ToArray());
        bytes[onnx + 2_000] ^= 0x5A;
        File.WriteAllBytes(path, bytes);
        var error = Assert.ThrowsAny<Exception>(() => RankitectModelInfo.Load(path));
        Assert.True(error is IOException or InvalidDataException, error.GetType().Name);
        Assert.Contains(path, error.Message);
    }

    // What the README says a plain mlContext.Model.Load does with a damaged zip: it does not check the network.
    [Fact]
    public void A_plain_Model_Load_loads_and_scores_a_changed_network_without_a_word()
    {
        string path = SavedZip();
        FlipByteInNetwork(path, 0.5);
        var loaded = new MLContext().Model.Load(path, out _);
        Assert.Equal(50, loaded.Transform(ReliabilityData.Rows(50)).GetColumn<float>("Score").Count());
    }

    [Fact]
    public void A_plain_Model_Load_refuses_a_zip_cut_short()
    {
        string path = SavedZip();
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..(int)(new FileInfo(path).Length / 2)]);
        var error = Assert.Throws<FormatException>(() => new MLContext().Model.Load(path, out _)); // ML.NET's own message, not naming the file
        Assert.Contains("Failed to open a zip archive", error.Message);
    }

    /// <summary>Rewrites the zip's ONNX entry with one byte flipped at <paramref name="position"/> (a fraction) of its
    /// body; the zip's own CRC is then correct for the new bytes, so only a content hash can tell.</summary>
    internal static void FlipByteInNetwork(string path, double position)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.Entries.Single(e => e.Name == "OnnxModel");
        byte[] bytes;
        using (var read = entry.Open())
        using (var copy = new MemoryStream())
        {
            read.CopyTo(copy);
            bytes = copy.ToArray();
        }
        bytes[(int)(bytes.Length * position)] ^= 0x5A;
        string name = entry.FullName;
        entry.Delete();
        using var write = zip.CreateEntry(name).Open();
        write.Write(bytes);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
                return i;
        throw new InvalidOperationException("not found");
    }
}

using System.Collections.Concurrent;
using Rankitect.Native;

namespace Rankitect.Tests.Native;

public class PatchedLibraryCacheTests
{
    private const string FileName = "libExample.so";
    private static readonly byte[] Original = [1, 2, 3, 4, 5, 6, 7, 8];
    private static readonly byte[] Patched = [1, 2, 3, 4, 5, 6, 7, 9];

    [Fact]
    public void Writers_racing_for_the_same_entry_all_get_the_same_complete_file()
    {
        string root = TestNatives.CreateScratchFolder();
        byte[] content = Enumerable.Range(0, 1 << 20).Select(i => (byte)i).ToArray();
        const int writerCount = 8;
        using var start = new Barrier(writerCount);
        var paths = new ConcurrentBag<string>();

        Parallel.For(0, writerCount, new ParallelOptions { MaxDegreeOfParallelism = writerCount }, _ =>
        {
            start.SignalAndWait();
            paths.Add(new PatchedLibraryCache([root]).GetOrCreate(FileName, "1.0.0", Original, content, _ => { }));
        });

        string path = Assert.Single(paths.Distinct());
        Assert.Equal(content, File.ReadAllBytes(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    [Fact]
    public void A_verified_copy_is_reused_and_a_corrupted_one_rewritten()
    {
        string root = TestNatives.CreateScratchFolder();
        var cache = new PatchedLibraryCache([root]);
        var log = new List<string>();

        string first = cache.GetOrCreate(FileName, "1.0.0", Original, Patched, log.Add);
        string second = cache.GetOrCreate(FileName, "1.0.0", Original, Patched, log.Add);
        File.WriteAllBytes(first, Patched[..3]);
        string third = cache.GetOrCreate(FileName, "1.0.0", Original, Patched, log.Add);

        Assert.Equal(first, second);
        Assert.Equal(first, third);
        Assert.Equal(Patched, File.ReadAllBytes(third));
        Assert.Collection(log,
            line => Assert.StartsWith("Wrote", line),
            line => Assert.StartsWith("Reused verified", line),
            line => Assert.StartsWith("Wrote", line));
    }

    [Fact]
    public void Entries_are_keyed_by_version_and_by_the_hash_of_the_original()
    {
        var cache = new PatchedLibraryCache([TestNatives.CreateScratchFolder()]);

        string path = cache.GetOrCreate(FileName, "1.0.0", Original, Patched, _ => { });
        string otherOriginal = cache.GetOrCreate(FileName, "1.0.0", Patched, Patched, _ => { });
        string otherVersion = cache.GetOrCreate(FileName, "2.0.0", Original, Patched, _ => { });

        Assert.Equal(3, new[] { path, otherOriginal, otherVersion }.Select(Path.GetDirectoryName).Distinct().Count());
        Assert.Contains(Path.Combine("torchsharp", "1.0.0"), path);
    }

    [LinuxFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void A_root_writable_by_other_users_is_skipped_for_the_next_one()
    {
        string shared = TestNatives.CreateScratchFolder();
        string fallback = TestNatives.CreateScratchFolder();
        File.SetUnixFileMode(shared, (UnixFileMode)0b111_111_111);
        var log = new List<string>();

        string path = new PatchedLibraryCache([shared, fallback]).GetOrCreate(FileName, "1.0.0", Original, Patched, log.Add);

        Assert.StartsWith(fallback, path);
        Assert.Contains(log, line => line.Contains("writable by other users"));
    }
}

using System.Security.Cryptography;

namespace Rankitect.Native;

/// <summary>
/// Private, per-user store of patched native libraries, keyed by TorchSharp version and by the hash of the
/// original file, so the original (possibly in the NuGet cache, or hard-linked into an output folder) is never
/// modified and a new TorchSharp build never reuses a stale copy.
/// </summary>
internal sealed class PatchedLibraryCache
{
    private const int HashPrefixLength = 16;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode WritableByOthers = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    private readonly IReadOnlyList<string> roots;

    /// <param name="roots">Cache roots to try in order; the first writable one is used.</param>
    public PatchedLibraryCache(IReadOnlyList<string> roots) => this.roots = roots;

    /// <summary>
    /// <c>$XDG_CACHE_HOME/rankitect</c> (or <c>~/.cache/rankitect</c>), then a per-user folder in the temp
    /// directory for hosts whose home is read-only.
    /// </summary>
    public static PatchedLibraryCache CreateDefault()
    {
        var roots = new List<string>();
        string? xdgCache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (!string.IsNullOrEmpty(xdgCache) && Path.IsPathFullyQualified(xdgCache))
            roots.Add(Path.Combine(xdgCache, "rankitect"));
        else if (home.Length > 0)
            roots.Add(Path.Combine(home, ".cache", "rankitect"));
        roots.Add(Path.Combine(Path.GetTempPath(), $"rankitect-{Environment.UserName}"));
        return new PatchedLibraryCache(roots);
    }

    /// <summary>
    /// Path of a file named <paramref name="fileName"/> whose bytes equal <paramref name="content"/>, reusing a
    /// verified cached copy or writing one.
    /// </summary>
    /// <param name="fileName">File name to keep (the loader does not care, people reading a trace do).</param>
    /// <param name="version">First key: the TorchSharp version (files go to <c>root/torchsharp/version/hash</c>).</param>
    /// <param name="original">Bytes of the unpatched file; their hash is the second key.</param>
    /// <param name="content">The patched bytes.</param>
    /// <param name="log">Receives one line per root tried.</param>
    /// <exception cref="IOException">No root could hold the file.</exception>
    public string GetOrCreate(string fileName, string version, ReadOnlySpan<byte> original, byte[] content, Action<string> log)
    {
        string key = Convert.ToHexStringLower(SHA256.HashData(original))[..HashPrefixLength];
        var failures = new List<string>();
        foreach (string root in roots)
        {
            string folder = Path.Combine(root, "torchsharp", version, key);
            try
            {
                string path = GetOrCreateIn(root, folder, fileName, content, out bool reused);
                log($"{(reused ? "Reused verified" : "Wrote")} patched copy {path}");
                return path;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                log($"Cache folder {folder} unusable: {exception.Message}");
                failures.Add($"{folder}: {exception.Message}");
            }
        }
        throw new IOException("No cache folder could hold the patched library: " + string.Join("; ", failures));
    }

    private static string GetOrCreateIn(string root, string folder, string fileName, byte[] content, out bool reused)
    {
        CreatePrivateFolder(root, folder);
        string path = Path.Combine(folder, fileName);
        // A cached file is used only if it is byte-identical to what we would write: this catches a
        // half-written, corrupted, or foreign file, and a copy patched for another host sharing this home.
        if (HasContent(path, content))
        {
            reused = true;
            return path;
        }

        // Another process may do the same at the same time: each writes its own temp file in the same
        // folder, then renames it over the target, which is atomic, so a reader never sees a partial file.
        string temp = Path.Combine(folder, $".{fileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, content);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
        if (!HasContent(path, content))
            throw new IOException($"{path} changed right after it was written.");
        reused = false;
        return path;
    }

    private static bool HasContent(string path, byte[] content)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length == content.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(content);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // The loader will map this file into the process: a folder others can write to would let them swap it.
    private static void CreatePrivateFolder(string root, string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        // Directory.CreateDirectory applies the mode to the last folder only, so each level is created in turn.
        string relative = Path.GetRelativePath(root, folder);
        string level = root;
        foreach (string part in relative.Split(Path.DirectorySeparatorChar).Prepend(""))
        {
            level = Path.Combine(level, part);
            var created = Directory.CreateDirectory(level, OwnerOnly);
            if ((created.UnixFileMode & WritableByOthers) != 0)
                throw new UnauthorizedAccessException($"{created.FullName} is writable by other users.");
        }
    }
}

using System.Diagnostics;
using System.Globalization;

namespace Rankitect.Serving;

/// <summary>
/// Writes files so that a reader only ever sees the old content or the new one: the new content goes to a temporary
/// file in the same folder, is flushed to disk, then renamed over the target (an atomic replace on one file system).
/// A kill during the write leaves the previous file untouched. While a writer holds a path (from
/// <see cref="Reserve"/> to its disposal), another process that reserves the same path fails at once with an
/// <see cref="IOException"/> naming the process, instead of silently replacing its result. Models, reports,
/// checkpoints and stores are all written this way.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private const string TempSuffix = ".tmp";
    private const string WriterMarker = ".writer-";
    private readonly FileStream _lock;
    private readonly string _marker;
    private bool _disposed;

    private AtomicFile(string path, FileStream lockStream)
    {
        Path = path;
        _lock = lockStream;
        // The lock cannot be read while it is held, so an empty marker names the holder for anyone it turns away.
        _marker = path + WriterMarker + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        string folder = System.IO.Path.GetDirectoryName(path)!, name = System.IO.Path.GetFileName(path);
        foreach (var stale in Directory.EnumerateFiles(folder, name + WriterMarker + "*").Concat(Directory.EnumerateFiles(folder, name + ".*" + TempSuffix)))
            File.Delete(stale); // left by a killed writer: holding the lock, this process is the only writer now
        File.WriteAllBytes(_marker, []);
    }

    /// <summary>The full path of the target file.</summary>
    public string Path { get; }

    /// <summary>Claims <paramref name="path"/> for this process until disposal, before the (possibly long) work whose
    /// result will be written there.</summary>
    /// <exception cref="IOException">Another process is writing <paramref name="path"/> (the message names its id), or
    /// the folder cannot be written.</exception>
    public static AtomicFile Reserve(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = System.IO.Path.GetFullPath(path);
        string folder = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        try
        {
            // FileShare.None is an exclusive advisory lock (flock on Unix): released by the OS if the process dies.
            var stream = new FileStream(full + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            return new AtomicFile(full, stream);
        }
        catch (IOException e)
        {
            // The holder writes its marker just after taking the lock: under load that can lag, so look again briefly
            // (only on this failure path) rather than say "another process" when the process is known a moment later.
            var ids = Writers(full);
            for (var clock = Stopwatch.StartNew(); ids.Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(1); ids = Writers(full))
                Thread.Sleep(50);
            string who = ids.Count > 0 ? $"process {string.Join(", ", ids)}" : "another process";
            throw new IOException($"Cannot write '{full}': {who} is writing it now. Wait for it to finish, or choose another output path.", e);
        }
    }

    /// <summary>Writes <paramref name="path"/> atomically in one call (<see cref="Reserve"/>, <see cref="Commit"/>, dispose).</summary>
    public static void Write(string path, Action<Stream> write)
    {
        using var file = Reserve(path);
        file.Commit(write);
    }

    /// <summary>Writes the content with <paramref name="write"/> to a temporary file beside the target, flushes it to
    /// disk and renames it over the target. If <paramref name="write"/> throws, the target is left as it was.</summary>
    public void Commit(Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        ObjectDisposedException.ThrowIf(_disposed, this);
        string temp = $"{Path}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}{TempSuffix}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, Path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>Releases the path.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        File.Delete(_marker);
        _lock.Dispose();
    }

    // The process ids of the live holders' markers (a killed holder leaves a marker of a process that is gone).
    private static List<int> Writers(string full)
    {
        var ids = new List<int>();
        string prefix = System.IO.Path.GetFileName(full) + WriterMarker;
        foreach (var file in Directory.EnumerateFiles(System.IO.Path.GetDirectoryName(full)!, prefix + "*"))
            if (int.TryParse(System.IO.Path.GetFileName(file)[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int id)
                && id != Environment.ProcessId && IsRunning(id))
                ids.Add(id);
        return ids;
    }

    private static bool IsRunning(int id)
    {
        try
        {
            using var process = Process.GetProcessById(id);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

using System.Runtime.InteropServices;
using System.Text;

/// <summary>
/// Keeps native libraries' chatter (LightGBM's warnings, libtorch's and ONNX Runtime's notes) out of the result tables.
/// They write to file descriptor 1 directly, past .NET's <see cref="Console"/>. The CLI's own output already holds a
/// duplicate of the original stdout (.NET duplicates descriptor 1 when it opens the console stream), so descriptor 1 is
/// pointed at a pipe whose lines go to a log file, opened at the first line. Disposing puts descriptor 1 back.
/// On Windows nothing is redirected.
/// </summary>
internal sealed class NativeOutputLog : IDisposable
{
    private readonly string _path;
    private readonly int _savedStdout = -1;
    private readonly int _pipeWrite = -1;
    private readonly Thread? _reader;
    private int _lines;
    private volatile bool _logFailed;

    private NativeOutputLog(string path, int savedStdout, int pipeRead, int pipeWrite)
    {
        _path = path;
        _savedStdout = savedStdout;
        _pipeWrite = pipeWrite;
        _reader = new Thread(() => Forward(pipeRead)) { IsBackground = true, Name = "native-output-log" };
        _reader.Start();
    }

    private NativeOutputLog(string path) => _path = path;

    /// <summary>Lines native code wrote to stdout so far (they are in <see cref="Path"/>).</summary>
    public int Lines => Volatile.Read(ref _lines);

    /// <summary>True when native code wrote lines that the log file could not take (they were dropped).</summary>
    public bool LogFailed => _logFailed;

    /// <summary>The log file.</summary>
    public string Path => _path;

    /// <summary>Starts sending native stdout to <paramref name="path"/>. Call before anything native runs and after the
    /// console's own stream exists.</summary>
    public static NativeOutputLog Start(string path)
    {
        if (OperatingSystem.IsWindows())
            return new NativeOutputLog(path);
        // The console's stream and its terminal detection are fixed now, on the real stdout.
        _ = Console.IsOutputRedirected;
        Console.Out.Flush();
        var fds = new int[2];
        if (pipe(fds) != 0)
            return new NativeOutputLog(path);
        int saved = dup(1);
        if (saved < 0 || dup2(fds[1], 1) < 0)
        {
            close(fds[0]);
            close(fds[1]);
            if (saved >= 0) close(saved);
            return new NativeOutputLog(path);
        }
        return new NativeOutputLog(path, saved, fds[0], fds[1]);
    }

    // Reads the pipe to its end whatever happens to the log file: a pipe nobody drains fills up (64 KB) and then blocks
    // the native code writing to it, which would hang the run.
    private void Forward(int pipeRead)
    {
        StreamWriter? log = null;
        try
        {
            using var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(pipeRead, ownsHandle: true), FileAccess.Read, 1);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                if (_logFailed)
                    continue; // drained and dropped: the log file cannot be written
                try
                {
                    log ??= new StreamWriter(new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
                    log.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss.fff} native: {line}");
                    Interlocked.Increment(ref _lines);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
                {
                    _logFailed = true;
                }
            }
        }
        catch (IOException)
        {
            // The pipe itself failed: nothing more can be read (the run goes on; native writes then fail, not block).
        }
        finally
        {
            try { log?.Dispose(); } catch (IOException) { }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_savedStdout < 0)
            return;
        dup2(_savedStdout, 1); // native code writes to the real stdout again
        close(_savedStdout);
        close(_pipeWrite);    // the pipe's last writer is gone: the reader sees the end
        _reader?.Join(TimeSpan.FromSeconds(5));
    }

    [DllImport("libc", SetLastError = true)] private static extern int pipe(int[] fds);
    [DllImport("libc", SetLastError = true)] private static extern int dup(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int dup2(int oldFd, int newFd);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);
}

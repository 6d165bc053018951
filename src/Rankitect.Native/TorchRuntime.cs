namespace Rankitect.Native;

/// <summary>
/// Makes TorchSharp's native backend load with no manual step. Every Rankitect code path that touches
/// TorchSharp calls <see cref="EnsureLoaded"/> first.
/// </summary>
/// <remarks>
/// TorchSharp 0.107's Linux wrapper (libLibTorchSharp.so) declares a need on GLIBCXX_3.4.32 (GCC 13) for a
/// symbol it never uses, so hosts with an older libstdc++ (Debian 12, Ubuntu 22.04) refuse to load it.
/// On such hosts a private copy with that need marked weak is loaded instead; the package files are never
/// modified. Elsewhere (other systems, newer libstdc++) nothing is patched.
/// </remarks>
public static class TorchRuntime
{
    private static readonly DiagnosticLog Log = new();

    // ExecutionAndPublication runs the load once even under concurrent first calls, and remembers a
    // failure: loaded natives cannot be unloaded, so a retry could only fail the same way or worse.
    private static readonly Lazy<bool> Loaded = new(LoadOnce, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Loads TorchSharp's natives if that has not happened yet. Idempotent, thread-safe, and a field read
    /// after the first call. Writes nothing to the console.
    /// </summary>
    /// <exception cref="TorchRuntimeException">
    /// The natives are missing (the message names the NuGet package to reference and the folders searched)
    /// or cannot be loaded (the message gives the loader's and TorchSharp's own explanation).
    /// </exception>
    public static void EnsureLoaded() => _ = Loaded.Value;

    /// <summary>
    /// What <see cref="EnsureLoaded"/> detected and which files it loaded, one step per line, for
    /// troubleshooting; says so when it has not run yet.
    /// </summary>
    public static string Diagnostics => Log.IsEmpty ? "TorchRuntime.EnsureLoaded has not run yet." : Log.ToString();

    private static bool LoadOnce()
    {
        try
        {
            new TorchRuntimeLoader(Log).Load();
            return true;
        }
        catch (Exception exception)
        {
            Log.Add($"Failed: {exception.GetType().Name}: {FirstLine(exception.Message)}");
            throw;
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].TrimEnd();
}

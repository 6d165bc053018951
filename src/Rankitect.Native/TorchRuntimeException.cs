using System.Text;

namespace Rankitect.Native;

/// <summary>
/// Thrown by <see cref="TorchRuntime.EnsureLoaded"/> when TorchSharp's native backend cannot be loaded;
/// the message says why and what to change (usually which NuGet package to reference).
/// </summary>
public sealed class TorchRuntimeException : InvalidOperationException
{
    private const string TorchSharpTraceMarker = "Trace from LoadNativeBackend:";

    /// <summary>Creates an exception with a default message.</summary>
    public TorchRuntimeException()
        : base("TorchSharp's native backend could not be loaded.")
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public TorchRuntimeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public TorchRuntimeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The natives are absent: names the package to reference and every folder searched.</summary>
    internal static TorchRuntimeException ForMissingNatives(TorchNativeSearch search)
    {
        string libTorchVersion = TorchSharpPackages.LibTorchVersion ?? $"matching TorchSharp {TorchSharpPackages.TorchSharpVersion}";
        var message = new StringBuilder()
            .Append("TorchSharp's native libraries were not found, so Rankitect cannot run TorchSharp. ")
            .Append($"Reference the NuGet package '{TorchSharpPackages.LibTorchCpuPackage}' version {libTorchVersion} ")
            .Append("in your application's project (Rankitect, like TorchSharp, lets each application choose its libtorch package), ")
            .Append($"or '{TorchSharpPackages.AllPlatformsPackage}' {TorchSharpPackages.TorchSharpVersion}, which brings the natives of every platform.")
            .AppendLine()
            .Append("Missing: ")
            .AppendJoin(", ", MissingParts(search))
            .AppendLine()
            .AppendLine("Folders searched:");
        foreach (string folder in search.SearchedFolders)
            message.Append("  ").AppendLine(folder);
        return new TorchRuntimeException(message.ToString().TrimEnd());
    }

    /// <summary>
    /// TorchSharp refused to start although its natives were loaded. Its own message blames a missing package
    /// reference whatever the cause; the real cause is in the trace it appends, which this message puts first.
    /// </summary>
    internal static TorchRuntimeException ForTorchSharpFailure(Exception failure, string diagnostics)
    {
        var message = new StringBuilder()
            .AppendLine("TorchSharp could not initialise its native backend even though Rankitect had loaded it.");
        if (FindTorchSharpTrace(failure) is { } trace)
            message.AppendLine("TorchSharp's load trace (the cause is here, not in its message about package references):").AppendLine(trace);
        else
            message.Append("TorchSharp said: ").AppendLine(Innermost(failure).Message);
        message.AppendLine().AppendLine("Rankitect's native load log:").Append(diagnostics);
        return new TorchRuntimeException(message.ToString(), failure);
    }

    private static IEnumerable<string> MissingParts(TorchNativeSearch search)
    {
        if (search.LibTorchFolder is null)
            yield return $"libtorch ({string.Join(", ", TorchNativeFiles.LibTorchLibraries)} in one folder)";
        if (search.WrapperPath is null)
            yield return $"TorchSharp's wrapper {TorchSharpPackages.WrapperFileName}";
    }

    private static string? FindTorchSharpTrace(Exception failure)
    {
        for (Exception? current = failure; current is not null; current = current.InnerException)
        {
            int marker = current.Message.IndexOf(TorchSharpTraceMarker, StringComparison.Ordinal);
            if (marker >= 0)
                return current.Message[(marker + TorchSharpTraceMarker.Length)..].Trim();
        }
        return null;
    }

    private static Exception Innermost(Exception failure)
    {
        while (failure.InnerException is not null)
            failure = failure.InnerException;
        return failure;
    }
}

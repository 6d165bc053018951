using System.Runtime.InteropServices;
using TorchSharp;

namespace Rankitect.Native;

/// <summary>
/// One attempt at loading TorchSharp's natives on Linux, patching a private copy of its wrapper when the
/// host's libstdc++ lacks versions the wrapper asks for but never uses.
/// </summary>
/// <remarks>
/// Detection asks the dynamic loader itself: after libtorch is loaded, the shipped wrapper is opened as is.
/// The loader is the only authority on whether a file loads (it applies every rule, not just version needs)
/// and the call costs nothing extra, since TorchSharp must load the wrapper anyway. Only when the loader
/// refuses are ELF version data read, to learn which versions the libstdc++ already mapped into this
/// process lacks: that copy, not one found on a search path, is the one the wrapper binds to by soname.
/// </remarks>
internal sealed class TorchRuntimeLoader(DiagnosticLog log)
{
    private const string LibStdCxxSoname = "libstdc++.so.6";

    /// <summary>Loads the natives, or throws <see cref="TorchRuntimeException"/> saying why not.</summary>
    public void Load()
    {
        if (!OperatingSystem.IsLinux())
        {
            log.Add($"{RuntimeInformation.OSDescription}: nothing to do, TorchSharp loads its natives as shipped here.");
            return;
        }
        log.Add($"{RuntimeInformation.OSDescription} ({TorchSharpPackages.RuntimeIdentifier}); " +
                $"TorchSharp {TorchSharpPackages.TorchSharpVersion}, libtorch {TorchSharpPackages.LibTorchVersion ?? "unknown"}.");

        if (ProcessModules.FindMappedFile(TorchSharpPackages.WrapperFileName) is { } alreadyMapped)
            log.Add($"Wrapper already loaded from {alreadyMapped}.");
        else
            LoadNatives();

        ConfirmTorchSharpStarts();
    }

    private void LoadNatives()
    {
        var search = TorchNativeLocator.Locate(TorchNativeLocator.DefaultSearchFolders());
        if (search.Files is not { } files)
            throw TorchRuntimeException.ForMissingNatives(search);
        log.Add($"libtorch folder: {files.LibTorchFolder}");
        log.Add($"Wrapper: {files.WrapperPath}");

        // Dependencies first, by full path: the wrapper's NEEDED entries then resolve by soname to these.
        foreach (string library in files.LibTorchPaths)
        {
            if (TryLoad(library) is { } error)
                throw Failure($"libtorch library {library} does not load: {error}");
        }

        if (TryLoad(files.WrapperPath) is not { } refusal)
        {
            log.Add("Wrapper loads as shipped: no patch needed.");
            return;
        }
        log.Add($"Wrapper refused by the loader: {refusal}");
        LoadPatchedWrapper(files.WrapperPath, refusal);
    }

    private void LoadPatchedWrapper(string wrapperPath, string refusal)
    {
        string libStdCxxPath = ProcessModules.FindMappedFile(LibStdCxxSoname)
            ?? throw Failure($"TorchSharp's wrapper {wrapperPath} does not load ({refusal}), and no {LibStdCxxSoname} is mapped " +
                             "into this process to compare its versions with.");
        var libStdCxx = ElfImage.Load(libStdCxxPath);
        log.Add($"{LibStdCxxSoname} in use: {libStdCxxPath}, newest version {NewestGlibCxx(libStdCxx.VersionDefinitions)}.");

        byte[] original = File.ReadAllBytes(wrapperPath);
        var wrapper = ElfImage.Parse(original);
        var missing = MissingVersion.Find(wrapper, LibStdCxxSoname, libStdCxx.VersionDefinitions.ToHashSet(StringComparer.Ordinal));
        foreach (var version in missing)
            log.Add($"Missing from {LibStdCxxSoname}: {version}");

        if (missing.Count == 0)
            throw Failure($"TorchSharp's wrapper {wrapperPath} does not load: {refusal}. Its {LibStdCxxSoname} needs are all met, " +
                          "so the cause is elsewhere and a patch would not help.");
        if (missing.Where(version => !version.CanBeWeakened).ToList() is { Count: > 0 } used)
            throw Failure($"TorchSharp's wrapper {wrapperPath} uses {string.Join(", ", used.Select(v => v.Requirement.Name))} of " +
                          $"{LibStdCxxSoname}, which {libStdCxxPath} lacks. Install a newer libstdc++ (GCC 13 or later) on this host.");

        byte[] patched = ElfVersionPatcher.WithWeakRequirements(wrapper, missing.Select(version => version.Requirement));
        string patchedPath;
        try
        {
            patchedPath = PatchedLibraryCache.CreateDefault()
                .GetOrCreate(TorchSharpPackages.WrapperFileName, TorchSharpPackages.TorchSharpVersion, original, patched, log.Add);
        }
        catch (IOException exception)
        {
            throw Failure($"Could not store a patched copy of TorchSharp's wrapper: {exception.Message}", exception);
        }

        if (TryLoad(patchedPath) is { } error)
            throw Failure($"The patched copy {patchedPath} of TorchSharp's wrapper does not load either: {error}");
        log.Add($"Loaded patched wrapper {patchedPath}; TorchSharp binds to it by soname.");
    }

    // TorchSharp runs its own loader on first use; doing it here turns its misleading failure message into ours.
    private void ConfirmTorchSharpStarts()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception exception)
        {
            log.Add($"TorchSharp failed to initialise: {exception.GetType().Name}");
            throw TorchRuntimeException.ForTorchSharpFailure(exception, log.ToString());
        }
        log.Add("TorchSharp initialised the CPU backend.");
    }

    /// <returns>Null on success, else the loader's error (dlerror text).</returns>
    private static string? TryLoad(string path)
    {
        try
        {
            NativeLibrary.Load(path);
            return null;
        }
        catch (Exception exception) when (exception is DllNotFoundException or BadImageFormatException)
        {
            // .NET wraps the loader's (dlerror) text, which comes last, in generic advice.
            return exception.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .LastOrDefault() ?? exception.Message;
        }
    }

    private TorchRuntimeException Failure(string message, Exception? inner = null) =>
        new($"{message}{Environment.NewLine}{Environment.NewLine}Rankitect's native load log:{Environment.NewLine}{log}", inner);

    private static string NewestGlibCxx(IEnumerable<string> versions) =>
        versions
            .Where(name => name.StartsWith("GLIBCXX_", StringComparison.Ordinal))
            .Select(name => (name, version: Version.TryParse(name["GLIBCXX_".Length..], out var v) ? v : null))
            .Where(entry => entry.version is not null)
            .MaxBy(entry => entry.version)
            .name ?? "unknown";
}

namespace Rankitect.Native;

/// <summary>Finds libtorch and TorchSharp's wrapper in the folders where an application's natives land.</summary>
internal static class TorchNativeLocator
{
    /// <summary>
    /// Candidate folders, in the order .NET and TorchSharp themselves would find the natives: loading
    /// libtorch from the folder TorchSharp would pick keeps a single copy of it in the process.
    /// </summary>
    public static IReadOnlyList<string> DefaultSearchFolders()
    {
        string rid = TorchSharpPackages.RuntimeIdentifier;
        var folders = new List<string>();

        // The runtime's own probing list for DllImport: from deps.json (runtimes/<rid>/native) and the app folder.
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string probing)
            folders.AddRange(probing.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));

        // App folder (RID-specific publish) and the portable layout, in case the host gave no probing list.
        string appFolder = AppContext.BaseDirectory;
        folders.Add(appFolder);
        folders.Add(Path.Combine(appFolder, "runtimes", rid, "native"));

        // TorchSharp's own fallback copies the NuGet natives into "cpu" beside TorchSharp.dll.
        string torchSharpFolder = TorchSharpPackages.TorchSharpAssemblyFolder;
        if (torchSharpFolder.Length > 0)
        {
            folders.Add(torchSharpFolder);
            folders.Add(Path.Combine(torchSharpFolder, "runtimes", rid, "native"));
            folders.Add(Path.Combine(torchSharpFolder, "cpu"));
        }

        // TorchSharp's bare-name load searches these too (e.g. a PyTorch install), before its NuGet fallback.
        if (Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") is { Length: > 0 } libraryPath)
            folders.AddRange(libraryPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));

        foreach (string packagesRoot in NuGetPackageRoots(torchSharpFolder))
        {
            if (TorchSharpPackages.LibTorchVersion is { } libTorchVersion)
                folders.Add(Path.Combine(packagesRoot, TorchSharpPackages.LibTorchCpuPackage.ToLowerInvariant(), libTorchVersion, "runtimes", rid, "native"));
            folders.Add(Path.Combine(packagesRoot, "torchsharp", TorchSharpPackages.TorchSharpVersion, "runtimes", rid, "native"));
        }
        return Distinct(folders);
    }

    /// <summary>
    /// Looks for libtorch (all of <see cref="TorchNativeFiles.LibTorchLibraries"/> in one folder) and the
    /// wrapper, preferring the wrapper beside libtorch, in <paramref name="folders"/>' order.
    /// </summary>
    public static TorchNativeSearch Locate(IEnumerable<string> folders)
    {
        var searched = Distinct(folders);
        string? libTorchFolder = searched.FirstOrDefault(folder =>
            TorchNativeFiles.LibTorchLibraries.All(name => File.Exists(Path.Combine(folder, name))));
        string? wrapper = searched
            .Select(folder => Path.Combine(folder, TorchSharpPackages.WrapperFileName))
            .Where(File.Exists)
            .OrderBy(path => Path.GetDirectoryName(path) == libTorchFolder ? 0 : 1)
            .FirstOrDefault();

        return new TorchNativeSearch(libTorchFolder, wrapper, searched);
    }

    // NuGet's global packages folder; when TorchSharp.dll itself runs from it (scripts, notebooks), its root.
    private static IEnumerable<string> NuGetPackageRoots(string torchSharpFolder)
    {
        // <root>/torchsharp/<version>/lib/<tfm>/TorchSharp.dll
        if (torchSharpFolder.Length > 0)
        {
            var lib = Directory.GetParent(torchSharpFolder);
            var package = lib?.Parent?.Parent;
            if (lib?.Name == "lib" && package?.Name == "torchsharp" && package.Parent is { } root)
                yield return root.FullName;
        }

        // As NuGet itself: NUGET_PACKAGES replaces the default folder rather than adding to it.
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured)
            yield return configured;
        else if (home.Length > 0)
            yield return Path.Combine(home, ".nuget", "packages");
    }

    private static List<string> Distinct(IEnumerable<string> folders) =>
        folders
            .Where(folder => folder.Length > 0)
            .Select(folder => Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
}

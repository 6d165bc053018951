namespace Rankitect.Native;

/// <summary>Which shared-library files are mapped into this process (Linux <c>/proc/self/maps</c>).</summary>
internal static class ProcessModules
{
    private const string MapsFile = "/proc/self/maps";

    /// <summary>
    /// Full path of the first mapped file whose name is <paramref name="soname"/> or starts with it
    /// followed by a dot (<c>libstdc++.so.6</c> matches <c>libstdc++.so.6.0.30</c>); null if none.
    /// </summary>
    /// <remarks>
    /// The loader binds a needed soname to the copy already in the process, so the mapped file, not a
    /// guess from search paths, is the one whose versions count.
    /// </remarks>
    public static string? FindMappedFile(string soname)
    {
        if (!File.Exists(MapsFile))
            return null;
        foreach (string line in File.ReadLines(MapsFile))
        {
            string? path = PathOfMapping(line);
            if (path is null)
                continue;
            string name = Path.GetFileName(path);
            if (name == soname || name.StartsWith(soname + ".", StringComparison.Ordinal))
                return path;
        }
        return null;
    }

    // A maps line is "address perms offset dev inode   path"; the path may contain spaces.
    private static string? PathOfMapping(string line)
    {
        int slash = line.IndexOf('/');
        if (slash < 0)
            return null;
        string path = line[slash..];
        return path.EndsWith(" (deleted)", StringComparison.Ordinal) ? null : path;
    }
}

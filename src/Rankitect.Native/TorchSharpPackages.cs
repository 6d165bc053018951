using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Rankitect.Native;

/// <summary>Names and versions of the TorchSharp packages this process was built against.</summary>
/// <remarks>Reads metadata only: touching <see cref="torch"/>'s members would run its static constructor,
/// which needs the very natives being located.</remarks>
internal static class TorchSharpPackages
{
    /// <summary>The package that brings TorchSharp's natives for every platform.</summary>
    public const string AllPlatformsPackage = "TorchSharp-cpu";

    /// <summary>File name of TorchSharp's C wrapper on this OS.</summary>
    public static string WrapperFileName { get; } =
        OperatingSystem.IsWindows() ? "LibTorchSharp.dll" :
        OperatingSystem.IsMacOS() ? "libLibTorchSharp.dylib" :
        "libLibTorchSharp.so";

    /// <summary>NuGet runtime identifier of this process's platform, e.g. <c>linux-x64</c>.</summary>
    public static string RuntimeIdentifier { get; } =
        (OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux") + "-" +
        RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();

    /// <summary>The per-platform libtorch CPU package, e.g. <c>libtorch-cpu-linux-x64</c>.</summary>
    public static string LibTorchCpuPackage => $"libtorch-cpu-{RuntimeIdentifier}";

    /// <summary>TorchSharp's package version, e.g. <c>0.107.0</c>.</summary>
    public static string TorchSharpVersion { get; } = ReadTorchSharpVersion();

    /// <summary>The libtorch package version TorchSharp was built for, e.g. <c>2.10.0</c>; null if unknown.</summary>
    public static string? LibTorchVersion { get; } = ReadLibTorchVersion();

    /// <summary>Folder of the loaded TorchSharp.dll; empty for single-file apps.</summary>
    public static string TorchSharpAssemblyFolder { get; } =
        Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? "";

    private static string ReadTorchSharpVersion()
    {
        var assembly = typeof(torch).Assembly;
        string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
            return informational.Split('+')[0];
        return assembly.GetName().Version?.ToString(3) ?? "unknown";
    }

    // TorchSharp records it as a private constant; reading a literal field does not run the static constructor.
    private static string? ReadLibTorchVersion()
    {
        var field = typeof(torch).GetField("libtorchPackageVersion", BindingFlags.NonPublic | BindingFlags.Static);
        if (field is not { IsLiteral: true } || field.GetRawConstantValue() is not string raw)
            return null;
        // NuGet folders use the normalized form: "2.10.0.0" is stored as "2.10.0".
        return Version.TryParse(raw, out var version) && version.Revision == 0 ? version.ToString(3) : raw;
    }
}

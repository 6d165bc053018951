namespace Rankitect.Native;

/// <summary>Where TorchSharp's natives were found.</summary>
/// <param name="LibTorchFolder">Folder holding libc10, libtorch_cpu and libtorch.</param>
/// <param name="WrapperPath">Full path of TorchSharp's C wrapper (libLibTorchSharp).</param>
internal sealed record TorchNativeFiles(string LibTorchFolder, string WrapperPath)
{
    /// <summary>libtorch's libraries in dependency order: each needs only the ones before it.</summary>
    public static IReadOnlyList<string> LibTorchLibraries { get; } = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];

    /// <summary>Full paths of <see cref="LibTorchLibraries"/> in load order.</summary>
    public IEnumerable<string> LibTorchPaths => LibTorchLibraries.Select(name => Path.Combine(LibTorchFolder, name));
}

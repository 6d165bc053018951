namespace Rankitect.Native;

/// <summary>Outcome of a search for TorchSharp's natives.</summary>
/// <param name="LibTorchFolder">First folder holding all of libtorch's libraries; null if none.</param>
/// <param name="WrapperPath">TorchSharp's C wrapper, preferably beside libtorch; null if none.</param>
/// <param name="SearchedFolders">Every folder looked at, in order.</param>
internal sealed record TorchNativeSearch(string? LibTorchFolder, string? WrapperPath, IReadOnlyList<string> SearchedFolders)
{
    /// <summary>Both parts, or null when either is missing.</summary>
    public TorchNativeFiles? Files =>
        LibTorchFolder is not null && WrapperPath is not null ? new TorchNativeFiles(LibTorchFolder, WrapperPath) : null;
}

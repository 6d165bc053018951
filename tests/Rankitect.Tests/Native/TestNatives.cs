using Rankitect.Native;

namespace Rankitect.Tests.Native;

/// <summary>The natives this test run ships with, and scratch folders for tests that must not touch them.</summary>
internal static class TestNatives
{
    public static TorchNativeFiles Files =>
        TorchNativeLocator.Locate(TorchNativeLocator.DefaultSearchFolders()).Files
        ?? throw new InvalidOperationException("The test project's libtorch natives were not found.");

    /// <summary>A copy of the shipped wrapper in a fresh folder, so a test can never alter the original.</summary>
    public static string CopyOfWrapper()
    {
        string copy = Path.Combine(CreateScratchFolder(), Path.GetFileName(Files.WrapperPath));
        File.Copy(Files.WrapperPath, copy);
        return copy;
    }

    public static string CreateScratchFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "rankitect-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}

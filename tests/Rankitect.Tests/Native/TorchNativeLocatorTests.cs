using Rankitect.Native;

namespace Rankitect.Tests.Native;

public class TorchNativeLocatorTests
{
    [Fact]
    public void An_empty_folder_yields_a_message_naming_the_package_and_the_folder()
    {
        string empty = TestNatives.CreateScratchFolder();

        var search = TorchNativeLocator.Locate([empty]);
        string message = TorchRuntimeException.ForMissingNatives(search).Message;

        Assert.Null(search.Files);
        Assert.Contains($"'{TorchSharpPackages.LibTorchCpuPackage}' version 2.10.0", message);
        Assert.Contains("'TorchSharp-cpu' 0.107.0", message);
        Assert.Contains(empty, message);
        Assert.Contains("libtorch (", message);
    }

    [Fact]
    public void The_libtorch_package_for_linux_x64_is_the_one_the_project_references()
    {
        Assert.Equal("2.10.0", TorchSharpPackages.LibTorchVersion);
        if (TorchSharpPackages.RuntimeIdentifier == "linux-x64")
            Assert.Equal("libtorch-cpu-linux-x64", TorchSharpPackages.LibTorchCpuPackage);
    }

    [Fact]
    public void A_folder_with_libtorch_but_no_wrapper_says_the_wrapper_is_missing()
    {
        string folder = TestNatives.CreateScratchFolder();
        foreach (string library in TorchNativeFiles.LibTorchLibraries)
            File.WriteAllBytes(Path.Combine(folder, library), []);

        var search = TorchNativeLocator.Locate([folder]);
        string message = TorchRuntimeException.ForMissingNatives(search).Message;

        Assert.Equal(folder, search.LibTorchFolder);
        Assert.Contains($"TorchSharp's wrapper {TorchSharpPackages.WrapperFileName}", message);
        Assert.DoesNotContain("libtorch (", message);
    }

    [Fact]
    public void The_wrapper_beside_libtorch_wins_over_an_earlier_one()
    {
        string wrapperOnly = TestNatives.CreateScratchFolder();
        string complete = TestNatives.CreateScratchFolder();
        File.WriteAllBytes(Path.Combine(wrapperOnly, TorchSharpPackages.WrapperFileName), []);
        foreach (string library in TorchNativeFiles.LibTorchLibraries.Append(TorchSharpPackages.WrapperFileName))
            File.WriteAllBytes(Path.Combine(complete, library), []);

        var files = TorchNativeLocator.Locate([wrapperOnly, complete]).Files;

        Assert.NotNull(files);
        Assert.Equal(complete, files.LibTorchFolder);
        Assert.Equal(Path.Combine(complete, TorchSharpPackages.WrapperFileName), files.WrapperPath);
    }

    [LinuxFact]
    public void The_default_folders_find_this_apps_natives_in_its_output()
    {
        var files = TorchNativeLocator.Locate(TorchNativeLocator.DefaultSearchFolders()).Files;

        Assert.NotNull(files);
        Assert.StartsWith(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory), files.LibTorchFolder);
    }
}

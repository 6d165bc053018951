using Rankitect.Native;

namespace Rankitect.Tests.Native;

public class MissingVersionTests
{
    private const string LibStdCxx = "libstdc++.so.6";

    [LinuxFact]
    public void A_libstdcxx_without_3_4_32_lacks_only_a_version_that_can_be_weakened()
    {
        var wrapper = ElfImage.Load(TestNatives.CopyOfWrapper());
        var provided = RequiredOfLibStdCxx(wrapper).Where(name => name != "GLIBCXX_3.4.32").ToList();

        var missing = Assert.Single(MissingVersion.Find(wrapper, LibStdCxx, provided));

        Assert.Equal("GLIBCXX_3.4.32", missing.Requirement.Name);
        Assert.True(missing.CanBeWeakened);
    }

    [LinuxFact]
    public void A_missing_version_whose_symbols_are_relocated_cannot_be_weakened()
    {
        var wrapper = ElfImage.Load(TestNatives.CopyOfWrapper());
        var provided = RequiredOfLibStdCxx(wrapper).Where(name => name != "GLIBCXX_3.4.30").ToList();

        var missing = Assert.Single(MissingVersion.Find(wrapper, LibStdCxx, provided));

        Assert.True(missing.IsBoundByRelocation);
        Assert.False(missing.CanBeWeakened);
    }

    [LinuxFact]
    public void The_libstdcxx_of_this_process_lacks_nothing_the_wrapper_really_uses()
    {
        string? hostLibStdCxx = ProcessModules.FindMappedFile(LibStdCxx);
        Assert.NotNull(hostLibStdCxx);
        var host = ElfImage.Load(hostLibStdCxx);
        Assert.Contains("GLIBCXX_3.4.30", host.VersionDefinitions);

        var missing = MissingVersion.Find(ElfImage.Load(TestNatives.CopyOfWrapper()), LibStdCxx, host.VersionDefinitions);

        Assert.All(missing, version => Assert.True(version.CanBeWeakened, version.ToString()));
    }

    private static IEnumerable<string> RequiredOfLibStdCxx(ElfImage image) =>
        image.VersionNeeds.Single(need => need.File == LibStdCxx).Versions.Select(version => version.Name);
}

using System.Buffers.Binary;
using System.Text;
using Rankitect.Native;

namespace Rankitect.Tests.Native;

public class ElfVersionPatcherTests
{
    private const string LibStdCxx = "libstdc++.so.6";
    private const string UnusedVersion = "GLIBCXX_3.4.32";

    [LinuxFact]
    public void Reads_the_version_needs_of_the_shipped_wrapper()
    {
        var wrapper = ElfImage.Load(TestNatives.CopyOfWrapper());

        var libStdCxxNeeds = wrapper.VersionNeeds.Single(need => need.File == LibStdCxx).Versions;
        Assert.Contains(wrapper.VersionNeeds, need => need.File == "libc.so.6");
        Assert.Contains(libStdCxxNeeds, version => version.Name == "GLIBCXX_3.4");
        var unused = Assert.Single(libStdCxxNeeds, version => version.Name == UnusedVersion);
        Assert.False(unused.IsWeak);
        Assert.Equal(["_ZSt21ios_base_library_initv"], wrapper.UndefinedSymbolsWithVersion(unused.Index));
        Assert.False(wrapper.IsVersionBoundByRelocation(unused.Index));
    }

    [LinuxFact]
    public void Weakening_one_version_sets_only_its_flag_and_leaves_the_file_alone()
    {
        string copy = TestNatives.CopyOfWrapper();
        byte[] original = File.ReadAllBytes(copy);
        var image = ElfImage.Parse(original.ToArray());
        var target = image.VersionNeeds.Single(need => need.File == LibStdCxx).Versions.Single(v => v.Name == UnusedVersion);

        byte[] patched = ElfVersionPatcher.WithWeakRequirements(image, [target]);

        Assert.Equal(original.Length, patched.Length);
        var changedOffsets = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.Equal([(int)target.FlagsFileOffset], changedOffsets);
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(patched.AsSpan((int)target.FlagsFileOffset));
        Assert.Equal(ElfVersionRequirement.WeakFlag, flags);
        // Checked without the parser: a Vernaux entry starts with vna_hash, the ELF hash of its version name.
        uint hashBeforeFlags = BinaryPrimitives.ReadUInt32LittleEndian(patched.AsSpan((int)target.FlagsFileOffset - 4));
        Assert.Equal(ElfHash(UnusedVersion), hashBeforeFlags);

        var reparsed = ElfImage.Parse(patched);
        var weak = reparsed.VersionNeeds.SelectMany(need => need.Versions).Where(v => v.IsWeak).Select(v => v.Name);
        Assert.Equal([UnusedVersion], weak);
        Assert.Equal(original, File.ReadAllBytes(copy));
    }

    [LinuxFact]
    public void Refuses_a_requirement_that_is_not_from_the_image()
    {
        var image = ElfImage.Load(TestNatives.CopyOfWrapper());
        var foreign = new ElfVersionRequirement(UnusedVersion, Index: 18, Flags: 0, FlagsFileOffset: 0);

        Assert.Throws<ArgumentException>(() => ElfVersionPatcher.WithWeakRequirements(image, [foreign]));
    }

    [Fact]
    public void Rejects_a_file_that_is_not_elf()
    {
        Assert.Throws<InvalidDataException>(() => ElfImage.Parse(Encoding.ASCII.GetBytes(new string('x', 128))));
        Assert.Throws<InvalidDataException>(() => ElfImage.Parse([0x7f, (byte)'E', (byte)'L', (byte)'F']));
    }

    [LinuxFact]
    public void Rejects_a_truncated_file()
    {
        byte[] bytes = File.ReadAllBytes(TestNatives.CopyOfWrapper());

        Assert.Throws<InvalidDataException>(() => ElfImage.Parse(bytes[..(bytes.Length / 2)]));
    }

    // System V ABI hash, as stored in vna_hash.
    private static uint ElfHash(string name)
    {
        uint hash = 0;
        foreach (byte c in Encoding.ASCII.GetBytes(name))
        {
            hash = (hash << 4) + c;
            uint high = hash & 0xf0000000;
            if (high != 0)
                hash ^= high >> 24;
            hash &= ~high;
        }
        return hash;
    }
}

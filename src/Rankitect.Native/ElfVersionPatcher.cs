using System.Buffers.Binary;

namespace Rankitect.Native;

/// <summary>Makes chosen version requirements of an ELF file weak, in a copy of its bytes.</summary>
internal static class ElfVersionPatcher
{
    /// <summary>
    /// Returns a copy of <paramref name="image"/>'s bytes in which each of <paramref name="requirements"/>
    /// carries <see cref="ElfVersionRequirement.WeakFlag"/>; every other byte is unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">A requirement does not belong to <paramref name="image"/>.</exception>
    public static byte[] WithWeakRequirements(ElfImage image, IEnumerable<ElfVersionRequirement> requirements)
    {
        var known = image.VersionNeeds.SelectMany(need => need.Versions).ToHashSet();
        byte[] patched = image.Bytes.ToArray();
        foreach (var requirement in requirements)
        {
            // Offsets come from parsing; refusing foreign ones keeps a stale record from corrupting the copy.
            if (!known.Contains(requirement))
                throw new ArgumentException($"Version requirement {requirement.Name} is not one of this image's.", nameof(requirements));
            BinaryPrimitives.WriteUInt16LittleEndian(
                patched.AsSpan((int)requirement.FlagsFileOffset, 2),
                (ushort)(requirement.Flags | ElfVersionRequirement.WeakFlag));
        }
        return patched;
    }
}

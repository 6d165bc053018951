namespace Rankitect.Native;

/// <summary>One <c>Verneed</c> entry: the versions an ELF file requires of one needed library.</summary>
/// <param name="File">The needed library's soname, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Versions">Its <c>Vernaux</c> entries.</param>
internal sealed record ElfVersionNeed(string File, IReadOnlyList<ElfVersionRequirement> Versions);

/// <summary>One <c>Vernaux</c> entry: a version required of a needed library.</summary>
/// <param name="Name">Version name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Index">The version index (<c>vna_other</c>) that <c>.gnu.version</c> uses for symbols of this version.</param>
/// <param name="Flags"><c>vna_flags</c>.</param>
/// <param name="FlagsFileOffset">File offset of the 16-bit <c>vna_flags</c> field.</param>
internal sealed record ElfVersionRequirement(string Name, ushort Index, ushort Flags, long FlagsFileOffset)
{
    /// <summary>ELF <c>VER_FLG_WEAK</c>: the loader accepts the library even if it lacks this version.</summary>
    public const ushort WeakFlag = 0x2;

    public bool IsWeak => (Flags & WeakFlag) != 0;
}

using System.Buffers.Binary;
using System.Text;

namespace Rankitect.Native;

/// <summary>
/// Read-only view of the symbol-versioning parts of an ELF64 little-endian shared object:
/// version needs (<c>.gnu.version_r</c>), version definitions (<c>.gnu.version_d</c>), and which
/// dynamic symbols carry which version and are bound by a relocation.
/// </summary>
/// <remarks>
/// Sections are found by type, not by name, so a renamed or reordered section table still parses.
/// Every offset read from the file is bounds-checked: a truncated or foreign file gives an
/// <see cref="InvalidDataException"/>, never an out-of-range read.
/// </remarks>
internal sealed class ElfImage
{
    private const uint SectionTypeRela = 4;
    private const uint SectionTypeRel = 9;
    private const uint SectionTypeDynamicSymbols = 11;
    private const uint SectionTypeVersionDefinitions = 0x6ffffffd;
    private const uint SectionTypeVersionNeeds = 0x6ffffffe;
    private const uint SectionTypeVersionSymbols = 0x6fffffff;

    private const int SectionHeaderSize = 64;
    private const int SymbolSize = 24;
    private const ushort VersionDefinitionIsFileItself = 0x1;
    private const ushort HiddenVersionBit = 0x8000;

    private readonly byte[] bytes;
    private readonly Section[] sections;
    private HashSet<uint>? relocatedSymbols;

    private ElfImage(byte[] bytes, Section[] sections)
    {
        this.bytes = bytes;
        this.sections = sections;
        VersionNeeds = ReadVersionNeeds();
        VersionDefinitions = ReadVersionDefinitions();
    }

    /// <summary>The file's bytes; callers must not modify them.</summary>
    public ReadOnlyMemory<byte> Bytes => bytes;

    /// <summary>Per needed library, the versions this file requires of it.</summary>
    public IReadOnlyList<ElfVersionNeed> VersionNeeds { get; }

    /// <summary>Versions this file provides (its own soname entry excluded).</summary>
    public IReadOnlyList<string> VersionDefinitions { get; }

    public static ElfImage Load(string path) => Parse(File.ReadAllBytes(path));

    /// <summary>Parses <paramref name="bytes"/>, which the image keeps (no copy).</summary>
    public static ElfImage Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ReadOnlySpan<byte> header = Slice(bytes, 0, 64);
        if (header[0] != 0x7f || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
            throw new InvalidDataException("Not an ELF file.");
        if (header[4] != 2 || header[5] != 1)
            throw new InvalidDataException("Only 64-bit little-endian ELF files are supported.");

        ulong sectionTableOffset = BinaryPrimitives.ReadUInt64LittleEndian(header[0x28..]);
        ushort sectionHeaderSize = BinaryPrimitives.ReadUInt16LittleEndian(header[0x3A..]);
        uint sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(header[0x3C..]);
        if (sectionTableOffset == 0)
            throw new InvalidDataException("The ELF file has no section table.");
        if (sectionHeaderSize != SectionHeaderSize)
            throw new InvalidDataException($"Unexpected ELF section header size {sectionHeaderSize}.");
        // Extended numbering: a count that does not fit 16 bits is stored in section 0's size.
        if (sectionCount == 0)
            sectionCount = checked((uint)ReadSection(bytes, sectionTableOffset, 0).Size);

        var sections = new Section[sectionCount];
        for (uint i = 0; i < sectionCount; i++)
            sections[i] = ReadSection(bytes, sectionTableOffset, i);
        return new ElfImage(bytes, sections);
    }

    /// <summary>Names of the undefined dynamic symbols whose version is <paramref name="versionIndex"/>.</summary>
    public IReadOnlyList<string> UndefinedSymbolsWithVersion(ushort versionIndex)
    {
        var names = new List<string>();
        if (FirstSectionOfType(SectionTypeDynamicSymbols) is not { } symbols)
            return names;
        var strings = LinkedSection(symbols);
        ulong count = symbols.Size / SymbolSize;
        for (uint i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> symbol = SliceWithin(symbols, symbols.Offset + (ulong)i * SymbolSize, SymbolSize);
            bool isUndefined = BinaryPrimitives.ReadUInt16LittleEndian(symbol[6..]) == 0;
            if (isUndefined && VersionOfSymbol(i) == versionIndex)
                names.Add(ReadString(strings, BinaryPrimitives.ReadUInt32LittleEndian(symbol)));
        }
        return names;
    }

    /// <summary>
    /// True when a relocation binds a symbol of version <paramref name="versionIndex"/>: such a symbol is
    /// really looked up at load or call time, so its version must really exist.
    /// </summary>
    public bool IsVersionBoundByRelocation(ushort versionIndex)
    {
        relocatedSymbols ??= ReadRelocatedSymbols();
        foreach (uint symbolIndex in relocatedSymbols)
        {
            if (VersionOfSymbol(symbolIndex) == versionIndex)
                return true;
        }
        return false;
    }

    private IReadOnlyList<ElfVersionNeed> ReadVersionNeeds()
    {
        var needs = new List<ElfVersionNeed>();
        foreach (var section in SectionsOfType(SectionTypeVersionNeeds))
        {
            var strings = LinkedSection(section);
            ulong entryOffset = section.Offset;
            // sh_info holds the entry count; the vn_next chain is followed but bounded by it.
            for (uint entry = 0; entry < section.Info; entry++)
            {
                ReadOnlySpan<byte> need = SliceWithin(section, entryOffset, 16);
                ushort auxCount = BinaryPrimitives.ReadUInt16LittleEndian(need[2..]);
                string file = ReadString(strings, BinaryPrimitives.ReadUInt32LittleEndian(need[4..]));
                uint auxLink = BinaryPrimitives.ReadUInt32LittleEndian(need[8..]);
                uint nextLink = BinaryPrimitives.ReadUInt32LittleEndian(need[12..]);

                var versions = new List<ElfVersionRequirement>(auxCount);
                ulong auxOffset = entryOffset + auxLink;
                for (int a = 0; a < auxCount; a++)
                {
                    ReadOnlySpan<byte> aux = SliceWithin(section, auxOffset, 16);
                    versions.Add(new ElfVersionRequirement(
                        Name: ReadString(strings, BinaryPrimitives.ReadUInt32LittleEndian(aux[8..])),
                        Index: BinaryPrimitives.ReadUInt16LittleEndian(aux[6..]),
                        Flags: BinaryPrimitives.ReadUInt16LittleEndian(aux[4..]),
                        FlagsFileOffset: checked((long)auxOffset + 4)));
                    uint nextAux = BinaryPrimitives.ReadUInt32LittleEndian(aux[12..]);
                    if (nextAux == 0)
                        break;
                    auxOffset += nextAux;
                }
                needs.Add(new ElfVersionNeed(file, versions));
                if (nextLink == 0)
                    break;
                entryOffset += nextLink;
            }
        }
        return needs;
    }

    private IReadOnlyList<string> ReadVersionDefinitions()
    {
        var names = new List<string>();
        foreach (var section in SectionsOfType(SectionTypeVersionDefinitions))
        {
            var strings = LinkedSection(section);
            ulong entryOffset = section.Offset;
            for (uint entry = 0; entry < section.Info; entry++)
            {
                ReadOnlySpan<byte> definition = SliceWithin(section, entryOffset, 20);
                ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(definition[2..]);
                ushort auxCount = BinaryPrimitives.ReadUInt16LittleEndian(definition[6..]);
                uint auxLink = BinaryPrimitives.ReadUInt32LittleEndian(definition[12..]);
                uint nextLink = BinaryPrimitives.ReadUInt32LittleEndian(definition[16..]);
                // The first auxiliary entry names the version; later ones name its parents.
                if (auxCount > 0 && (flags & VersionDefinitionIsFileItself) == 0)
                {
                    ReadOnlySpan<byte> aux = SliceWithin(section, entryOffset + auxLink, 8);
                    names.Add(ReadString(strings, BinaryPrimitives.ReadUInt32LittleEndian(aux)));
                }
                if (nextLink == 0)
                    break;
                entryOffset += nextLink;
            }
        }
        return names;
    }

    private ushort? VersionOfSymbol(uint symbolIndex)
    {
        if (FirstSectionOfType(SectionTypeVersionSymbols) is not { } versions || (ulong)symbolIndex * 2 + 2 > versions.Size)
            return null;
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(
            SliceWithin(versions, versions.Offset + (ulong)symbolIndex * 2, 2));
        return (ushort)(version & ~HiddenVersionBit);
    }

    private HashSet<uint> ReadRelocatedSymbols()
    {
        var dynamicSymbolSections = new HashSet<uint>();
        for (uint i = 0; i < sections.Length; i++)
        {
            if (sections[i].Type == SectionTypeDynamicSymbols)
                dynamicSymbolSections.Add(i);
        }

        var symbols = new HashSet<uint>();
        foreach (var section in sections)
        {
            if (section.Type is not (SectionTypeRela or SectionTypeRel) || !dynamicSymbolSections.Contains(section.Link))
                continue;
            int entrySize = section.Type == SectionTypeRela ? 24 : 16;
            ulong count = section.Size / (ulong)entrySize;
            for (ulong r = 0; r < count; r++)
            {
                ulong info = BinaryPrimitives.ReadUInt64LittleEndian(
                    SliceWithin(section, section.Offset + r * (ulong)entrySize + 8, 8));
                uint symbolIndex = (uint)(info >> 32);
                if (symbolIndex != 0)
                    symbols.Add(symbolIndex);
            }
        }
        return symbols;
    }

    private IEnumerable<Section> SectionsOfType(uint type) => sections.Where(s => s.Type == type);

    private Section? FirstSectionOfType(uint type)
    {
        foreach (var section in sections)
        {
            if (section.Type == type)
                return section;
        }
        return null;
    }

    private Section LinkedSection(Section section) =>
        section.Link < sections.Length
            ? sections[section.Link]
            : throw new InvalidDataException($"ELF section links to missing section {section.Link}.");

    private string ReadString(Section strings, uint offset)
    {
        if (offset >= strings.Size)
            throw new InvalidDataException("ELF string offset lies outside its string table.");
        ReadOnlySpan<byte> rest = SliceWithin(strings, strings.Offset + offset, strings.Size - offset);
        int end = rest.IndexOf((byte)0);
        if (end < 0)
            throw new InvalidDataException("Unterminated string in ELF string table.");
        return Encoding.UTF8.GetString(rest[..end]);
    }

    private ReadOnlySpan<byte> SliceWithin(Section section, ulong offset, ulong length)
    {
        if (offset < section.Offset || offset + length > section.Offset + section.Size)
            throw new InvalidDataException("ELF entry lies outside its section.");
        return Slice(bytes, offset, length);
    }

    private static ReadOnlySpan<byte> Slice(byte[] bytes, ulong offset, ulong length)
    {
        if (offset > (ulong)bytes.Length || length > (ulong)bytes.Length - offset)
            throw new InvalidDataException("ELF structure lies outside the file (truncated file?).");
        return bytes.AsSpan((int)offset, (int)length);
    }

    private static Section ReadSection(byte[] bytes, ulong tableOffset, uint index)
    {
        ReadOnlySpan<byte> header = Slice(bytes, tableOffset + (ulong)index * SectionHeaderSize, SectionHeaderSize);
        return new Section(
            Type: BinaryPrimitives.ReadUInt32LittleEndian(header[4..]),
            Offset: BinaryPrimitives.ReadUInt64LittleEndian(header[24..]),
            Size: BinaryPrimitives.ReadUInt64LittleEndian(header[32..]),
            Link: BinaryPrimitives.ReadUInt32LittleEndian(header[40..]),
            Info: BinaryPrimitives.ReadUInt32LittleEndian(header[44..]));
    }

    private readonly record struct Section(uint Type, ulong Offset, ulong Size, uint Link, uint Info);
}

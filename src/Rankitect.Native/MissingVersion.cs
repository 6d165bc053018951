namespace Rankitect.Native;

/// <summary>A version that a library requires of a provider library but the provider does not define.</summary>
/// <param name="Requirement">The requirement (<c>Vernaux</c> entry) in the requiring library.</param>
/// <param name="Symbols">The requiring library's undefined symbols bound to that version.</param>
/// <param name="IsBoundByRelocation">Whether a relocation uses one of <paramref name="Symbols"/>.</param>
internal sealed record MissingVersion(ElfVersionRequirement Requirement, IReadOnlyList<string> Symbols, bool IsBoundByRelocation)
{
    /// <summary>
    /// A missing version may be made weak only when no relocation uses its symbols: nothing will then ever
    /// look them up. Weakening a version whose symbols are used would turn a clean load error into a crash
    /// at the first call.
    /// </summary>
    public bool CanBeWeakened => !IsBoundByRelocation;

    /// <summary>
    /// The non-weak versions that <paramref name="requiring"/> needs of <paramref name="providerSoname"/>
    /// and that are absent from <paramref name="providedVersions"/>.
    /// </summary>
    public static IReadOnlyList<MissingVersion> Find(
        ElfImage requiring, string providerSoname, IReadOnlyCollection<string> providedVersions)
    {
        var provided = providedVersions as IReadOnlySet<string> ?? providedVersions.ToHashSet(StringComparer.Ordinal);
        return requiring.VersionNeeds
            .Where(need => need.File == providerSoname)
            .SelectMany(need => need.Versions)
            .Where(requirement => !requirement.IsWeak && !provided.Contains(requirement.Name))
            .Select(requirement => new MissingVersion(
                requirement,
                requiring.UndefinedSymbolsWithVersion(requirement.Index),
                requiring.IsVersionBoundByRelocation(requirement.Index)))
            .ToList();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Requirement.Name} (symbols: {(Symbols.Count == 0 ? "none" : string.Join(", ", Symbols))}; " +
        $"{(IsBoundByRelocation ? "used by a relocation" : "never relocated")})";
}

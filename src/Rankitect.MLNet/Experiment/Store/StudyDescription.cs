namespace Rankitect.Experiment.Store;

/// <summary>What identifies a study in a trial store.</summary>
/// <param name="Name">The study's name (unique in its store).</param>
/// <param name="Parts">What the study searches, part by part (data, space, strategy, options, seed, threads): a resumed
/// run must match every part, and a mismatch names the part.</param>
public sealed record StudyDescription(string Name, IReadOnlyDictionary<string, string> Parts)
{
    /// <summary>The parts as one line per part, sorted by name: what the store keeps and compares.</summary>
    public string Fingerprint => string.Join("\n", Parts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    /// <summary>The names of the parts whose values differ from those of <paramref name="fingerprint"/> (a stored
    /// <see cref="Fingerprint"/>), or every name when it cannot be read.</summary>
    public IReadOnlyList<string> Differences(string fingerprint)
    {
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in fingerprint.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = line.IndexOf('=');
            if (equals > 0)
                stored[line[..equals]] = line[(equals + 1)..];
        }
        return Parts.Keys.Union(stored.Keys).Order(StringComparer.Ordinal)
            .Where(k => !Parts.TryGetValue(k, out var mine) || !stored.TryGetValue(k, out var theirs) || mine != theirs)
            .ToList();
    }
}

using System.Text;
using System.Text.Json;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Cost;

namespace Rankitect.Experiment;

/// <summary>What a trial's network is, for a single architecture of the space and for an ensemble of retrained
/// networks (<see cref="TrialResult.Members"/>) alike: its readable description, its JSON and its analytic cost.</summary>
internal static class TrialArchitecture
{
    /// <summary>The value of the <c>ensemble</c> property of an ensemble's JSON: how the members' outputs are combined.</summary>
    public const string EnsembleCombination = "mean-probability";

    /// <summary>The architecture, readable; an ensemble lists its members' architectures.</summary>
    public static string Describe(IArchitectureSpace space, TrialResult trial)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(trial);
        return trial.Members is { } members
            ? $"ensemble of {members.Count} (mean probability): " + string.Join(" | ", members.Select(m => $"[{space.Describe(m.Indices)}]"))
            : space.Describe(trial.Indices);
    }

    /// <summary>The space's JSON of the architecture; an ensemble's is <c>{"ensemble": "mean-probability", "members": [...]}</c>
    /// with each member's JSON in order.</summary>
    public static string ToJson(IArchitectureSpace space, TrialResult trial)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(trial);
        if (trial.Members is not { } members)
            return space.ToJson(trial.Indices);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("ensemble", EnsembleCombination);
            json.WriteStartArray("members");
            foreach (var member in members)
                json.WriteRawValue(space.ToJson(member.Indices));
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The analytic cost per example; an ensemble's is the sum of its members' (<see cref="EnsembleCost"/>).</summary>
    public static ArchitectureCost CostOf(IArchitectureSpace space, TrialResult trial)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(trial);
        return trial.Members is { } members ? EnsembleCost(space, members) : space.CostOf(trial.Indices);
    }

    /// <summary>The cost of scoring every one of <paramref name="members"/> on each example.</summary>
    public static ArchitectureCost EnsembleCost(IArchitectureSpace space, IEnumerable<TrialResult> members)
        => ArchitectureCost.Sum(members.Select(m => space.CostOf(m.Indices)));
}

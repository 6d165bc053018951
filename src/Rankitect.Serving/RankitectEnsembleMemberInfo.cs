using System.Collections.ObjectModel;

namespace Rankitect.Serving;

/// <summary>One network of an ensemble model (<see cref="RankitectModelInfo.EnsembleMembers"/>): the model's click
/// probability is the mean of its members'.</summary>
public sealed class RankitectEnsembleMemberInfo
{
    private readonly IReadOnlyDictionary<string, string> _hyperparameters = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>The retraining trial that trained it (a row of <see cref="RankitectModelInfo.Trials"/>).</summary>
    public int TrialId { get; init; }

    /// <summary>Its architecture, readable.</summary>
    public string Architecture { get; init; } = "";

    /// <summary>Its architecture as the search space's JSON.</summary>
    public string ArchitectureJson { get; init; } = "";

    /// <summary>Its FLOPs per example (multiply-add = 2; embedding lookups 0); the model's are the sum over members.</summary>
    public long Flops { get; init; }

    /// <summary>Its trainable parameters, embedding rows included.</summary>
    public long Parameters { get; init; }

    /// <summary>Its own validation NE.</summary>
    public double NormalizedEntropy { get; init; } = double.NaN;

    /// <summary>The training recipe it trained with (as <see cref="RankitectModelInfo.Hyperparameters"/>).</summary>
    public IReadOnlyDictionary<string, string> Hyperparameters
    {
        get => _hyperparameters;
        init => _hyperparameters = value is null
            ? ReadOnlyDictionary<string, string>.Empty
            : new ReadOnlyDictionary<string, string>(value.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
    }
}

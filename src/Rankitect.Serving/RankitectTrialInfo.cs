using System.Collections.ObjectModel;

namespace Rankitect.Serving;

/// <summary>One architecture the search evaluated, as a row of the trial table in <see cref="RankitectModelInfo.Trials"/>.
/// Metrics are NaN where the trial had no validation (failed or cancelled early).</summary>
public sealed class RankitectTrialInfo
{
    private readonly IReadOnlyList<int> _candidateIndices = [];
    private readonly IReadOnlyDictionary<string, string> _hyperparameters = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>The trial's id within its search.</summary>
    public int TrialId { get; init; }

    /// <summary>The architecture: one candidate index per choice of the search space.</summary>
    public IReadOnlyList<int> CandidateIndices { get => _candidateIndices; init => _candidateIndices = value?.ToArray() ?? []; }

    /// <summary>How the trial was evaluated: <c>Low</c> (row subsample, few epochs), <c>Inherited</c> (supernet
    /// weights) or <c>Full</c> (trained on all training rows).</summary>
    public string Fidelity { get; init; } = "";

    /// <summary>How the trial ended: <c>Completed</c>, <c>Failed</c> or <c>Cancelled</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>Name of the strategy that proposed it, e.g. <c>dnas</c>, <c>regularized-evolution</c>.</summary>
    public string Strategy { get; init; } = "";

    /// <summary>Validation NE (lower is better).</summary>
    public double NormalizedEntropy { get; init; } = double.NaN;

    /// <summary>Validation ROC AUC.</summary>
    public double Auc { get; init; } = double.NaN;

    /// <summary>Validation log loss in nats.</summary>
    public double LogLoss { get; init; } = double.NaN;

    /// <summary>FLOPs per example of the architecture's inference graph (multiply-add = 2).</summary>
    public long Flops { get; init; }

    /// <summary>Trainable parameters, embedding tables included.</summary>
    public long Parameters { get; init; }

    /// <summary>Bytes of the embedding tables as float32.</summary>
    public long EmbeddingBytes { get; init; }

    /// <summary>The search objective (lower is better); NaN unless the trial completed.</summary>
    public double Fitness { get; init; } = double.NaN;

    /// <summary>Wall seconds the evaluation took.</summary>
    public double Seconds { get; init; }

    /// <summary>The trial this one was mutated from, when it was.</summary>
    public int? ParentId { get; init; }

    /// <summary>For the ensemble of retrained networks: the trial ids of its members (its <see cref="CandidateIndices"/> are
    /// empty, its cost is the sum of theirs); null for a single network.</summary>
    public IReadOnlyList<int>? EnsembleMemberIds { get; init; }

    /// <summary>The exception message of a failed trial; null otherwise.</summary>
    public string? Error { get; init; }

    /// <summary>Per-trial hyperparameters (name to value, invariant culture). Empty in this format version: trials
    /// do not tune hyperparameters yet; the field exists so files stay readable when they do.</summary>
    public IReadOnlyDictionary<string, string> Hyperparameters
    {
        get => _hyperparameters;
        init => _hyperparameters = value is null ? ReadOnlyDictionary<string, string>.Empty : new ReadOnlyDictionary<string, string>(new Dictionary<string, string>(value));
    }
}

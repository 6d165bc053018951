using Rankitect.Evaluation;
using Rankitect.SearchSpaces.Cost;
using Rankitect.Training;

namespace Rankitect.Experiment;

/// <summary>One evaluated architecture: what it cost and how well it did on validation. Flat, so that a list of results
/// is a table (NE against FLOPs, <see cref="ParetoFront"/>).</summary>
/// <param name="TrialId">The trial's id.</param>
/// <param name="Indices">The architecture (one candidate index per choice).</param>
/// <param name="Fidelity">How it was evaluated.</param>
/// <param name="Status">How the trial ended.</param>
/// <param name="Strategy">Name of the strategy that proposed it, e.g. <c>regularized-evolution</c>.</param>
/// <param name="NormalizedEntropy">Validation NE (lower is better); NaN unless there was a validation.</param>
/// <param name="Auc">Validation ROC AUC; NaN unless there was a validation.</param>
/// <param name="LogLoss">Validation log loss in nats; NaN unless there was a validation.</param>
/// <param name="Flops">FLOPs per example of the inference graph (<c>space.CostOf</c>; multiply-add = 2).</param>
/// <param name="Parameters">Trainable parameters, embedding tables included.</param>
/// <param name="EmbeddingBytes">Bytes of the embedding tables as float32.</param>
/// <param name="Fitness">The search objective (<see cref="SearchObjective.Fitness"/>; lower is better); NaN unless completed.</param>
/// <param name="Seconds">Wall seconds the evaluation took.</param>
/// <param name="ParentId">The trial it was mutated from, when it was.</param>
/// <param name="Error">The exception message of a failed trial.</param>
public sealed record TrialResult(
    int TrialId,
    IReadOnlyList<int> Indices,
    TrialFidelity Fidelity,
    TrialStatus Status,
    string Strategy,
    double NormalizedEntropy,
    double Auc,
    double LogLoss,
    long Flops,
    long Parameters,
    long EmbeddingBytes,
    double Fitness,
    double Seconds,
    int? ParentId = null,
    string? Error = null)
{
    /// <summary>The training recipe the trial trained with, when it had its own (<see cref="Trial.Recipe"/>); null
    /// for the experiment's training options.</summary>
    public TrainingRecipe? Recipe { get; init; }

    /// <summary>The successive-halving rung of a low-fidelity trial (<see cref="Trial.Rung"/>); 0 otherwise.</summary>
    public int Rung { get; init; }

    /// <summary>For an ensemble (<c>RankitectOptions.EnsembleSize</c>): the retrained networks it averages, best validation
    /// NE first; its <see cref="Indices"/> are then empty and its cost is the sum of theirs. Null for a single network.</summary>
    public IReadOnlyList<TrialResult>? Members { get; init; }

    /// <summary>True when this result is an ensemble of retrained networks (<see cref="Members"/>).</summary>
    public bool IsEnsemble => Members is not null;

    /// <summary>True when the trial finished and its metrics are valid.</summary>
    public bool IsCompleted => Status == TrialStatus.Completed;

    /// <summary>The result of <paramref name="trial"/> with the given outcome; <paramref name="validation"/> is null when
    /// there was no validation. Fitness is computed for completed trials only.</summary>
    public static TrialResult Create(Trial trial, string strategy, TrialStatus status, CtrMetrics? validation,
        ArchitectureCost cost, SearchObjective objective, double seconds, string? error = null)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(objective);
        double ne = validation?.NormalizedEntropy ?? double.NaN;
        double fitness = status == TrialStatus.Completed ? objective.Fitness(ne, cost.Flops) : double.NaN;
        return new TrialResult(trial.Id, trial.Indices.ToArray(), trial.Fidelity, status, strategy, ne,
            validation?.Auc ?? double.NaN, validation?.LogLoss ?? double.NaN, cost.Flops, cost.Parameters,
            cost.EmbeddingBytes, fitness, seconds, trial.ParentId, error) { Recipe = trial.Recipe, Rung = trial.Rung };
    }
}

namespace Rankitect.Strategies.Tuning;

/// <summary>Evaluates proposed trials: trains them (<see cref="TrialRunner"/>) or scores them with inherited supernet
/// weights (<see cref="SupernetScorer"/>).</summary>
internal interface ITrialEvaluator
{
    /// <summary>Most trials <see cref="Evaluate"/> runs at once (the search proposes batches of this size).</summary>
    int Parallelism { get; }

    /// <summary>Evaluates <paramref name="trials"/> and returns their outcomes in the same order. Never throws for one
    /// trial's failure or cancellation: those come back as <see cref="TrialStatus.Failed"/> / <see cref="TrialStatus.Cancelled"/>.</summary>
    IReadOnlyList<TrialOutcome> Evaluate(IReadOnlyList<Trial> trials, CancellationToken cancellationToken);
}


namespace Rankitect.Experiment;

/// <summary>
/// The user's pick from what a search evaluated: the fewest FLOPs whose validation NE is within a relative tolerance
/// of the best, among architectures evaluated at the same fidelity and within the FLOPs budget. Full-fidelity results
/// are compared when there are any (a low-fidelity NE is not comparable with a full one).
/// </summary>
internal static class ArchitectureSelection
{
    /// <summary>The fidelity whose results are compared: full when any full-fidelity trial completed, else the
    /// fidelity with the most completed trials.</summary>
    public static TrialFidelity ComparableFidelity(IReadOnlyList<TrialResult> trials)
    {
        var completed = trials.Where(t => t.IsCompleted).ToList();
        if (completed.Count == 0 || completed.Any(t => t.Fidelity == TrialFidelity.Full))
            return TrialFidelity.Full;
        return completed.GroupBy(t => t.Fidelity).OrderByDescending(g => g.Count()).First().Key;
    }

    /// <summary>The non-dominated (NE, FLOPs) results at <see cref="ComparableFidelity"/>.</summary>
    public static IReadOnlyList<TrialResult> Front(IReadOnlyList<TrialResult> trials)
    {
        var fidelity = ComparableFidelity(trials);
        return ParetoFront.Of(trials.Where(t => t.IsCompleted && t.Fidelity == fidelity));
    }

    /// <summary>The pick under <paramref name="tolerance"/> (relative) and <paramref name="flopsBudget"/>, or null
    /// when no completed trial qualifies.</summary>
    public static TrialResult? Pick(IReadOnlyList<TrialResult> trials, double tolerance, long? flopsBudget)
    {
        var fidelity = ComparableFidelity(trials);
        var candidates = trials.Where(t => t.IsCompleted && t.Fidelity == fidelity && (flopsBudget is not { } b || t.Flops <= b)).ToList();
        return candidates.Count == 0 ? null : ParetoFront.LeastFlopsNearBest(candidates, tolerance, NeTolerance.Relative);
    }
}

namespace Rankitect.Experiment;

/// <summary>How <see cref="ParetoFront.LeastFlopsNearBest"/> measures "close to the best NE".</summary>
public enum NeTolerance
{
    /// <summary>NE ≤ best NE · (1 + tolerance), e.g. 0.01 = within 1% of the best.</summary>
    Relative,

    /// <summary>NE ≤ best NE + tolerance, in NE units (CTR papers call 0.001 NE significant).</summary>
    Absolute,
}

/// <summary>
/// The trade-off of quality against cost over evaluated architectures: the non-dominated set of (NE, FLOPs), both
/// minimized, and the two usual ways to pick one point of it. Only completed results with a finite NE take part;
/// compare results of one fidelity at a time (filter <see cref="TrialResult.Fidelity"/> first).
/// </summary>
public static class ParetoFront
{
    /// <summary>The results no other result dominates (another dominates when its NE and FLOPs are both no worse and one
    /// is better), sorted by FLOPs ascending, then NE. Results at the same point are all kept.</summary>
    public static IReadOnlyList<TrialResult> Of(IEnumerable<TrialResult> results)
    {
        var points = Valid(results).OrderBy(r => r.Flops).ThenBy(r => r.NormalizedEntropy).ThenBy(r => r.TrialId).ToList();
        var front = new List<TrialResult>();
        // Sweep by FLOPs: a point is on the front when its NE beats every point with fewer FLOPs, or ties the best
        // of its own FLOPs group at a strictly better NE than all cheaper points.
        double bestCheaperNe = double.PositiveInfinity;
        for (int i = 0; i < points.Count;)
        {
            int end = i;
            while (end < points.Count && points[end].Flops == points[i].Flops) end++;
            double groupBest = points[i].NormalizedEntropy; // sorted by NE inside the group
            if (groupBest < bestCheaperNe)
                front.AddRange(points.Skip(i).Take(end - i).Where(r => r.NormalizedEntropy == groupBest));
            bestCheaperNe = Math.Min(bestCheaperNe, groupBest);
            i = end;
        }
        return front;
    }

    /// <summary>Whether <paramref name="a"/> dominates <paramref name="b"/>: no worse in NE and FLOPs, better in one.</summary>
    public static bool Dominates(TrialResult a, TrialResult b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.NormalizedEntropy <= b.NormalizedEntropy && a.Flops <= b.Flops
            && (a.NormalizedEntropy < b.NormalizedEntropy || a.Flops < b.Flops);
    }

    /// <summary>The result with the lowest NE among those with at most <paramref name="flopsBudget"/> FLOPs (fewer FLOPs,
    /// then the earlier trial, on ties), or null when none fits.</summary>
    public static TrialResult? BestWithinBudget(IEnumerable<TrialResult> results, long flopsBudget)
    {
        if (flopsBudget <= 0)
            throw new ArgumentOutOfRangeException(nameof(flopsBudget), flopsBudget, $"{nameof(flopsBudget)} must be positive; got {flopsBudget}.");
        return Valid(results).Where(r => r.Flops <= flopsBudget)
            .OrderBy(r => r.NormalizedEntropy).ThenBy(r => r.Flops).ThenBy(r => r.TrialId).FirstOrDefault();
    }

    /// <summary>The cheapest result whose NE is within <paramref name="tolerance"/> of the best NE (lower NE, then the
    /// earlier trial, on ties), or null when there is no valid result. <paramref name="kind"/> says whether the
    /// tolerance is relative (NE ≤ best · (1 + tolerance)) or absolute (NE ≤ best + tolerance).</summary>
    public static TrialResult? LeastFlopsNearBest(IEnumerable<TrialResult> results, double tolerance, NeTolerance kind = NeTolerance.Relative)
    {
        if (!(tolerance >= 0) || double.IsInfinity(tolerance))
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, $"{nameof(tolerance)} must be a number >= 0; got {tolerance}.");
        if (!Enum.IsDefined(kind))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, $"{nameof(kind)} {kind} is not a tolerance kind.");
        var valid = Valid(results).ToList();
        if (valid.Count == 0)
            return null;
        double best = valid.Min(r => r.NormalizedEntropy);
        double limit = kind == NeTolerance.Relative ? best * (1 + tolerance) : best + tolerance;
        return valid.Where(r => r.NormalizedEntropy <= limit)
            .OrderBy(r => r.Flops).ThenBy(r => r.NormalizedEntropy).ThenBy(r => r.TrialId).First();
    }

    private static IEnumerable<TrialResult> Valid(IEnumerable<TrialResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results.Where(r => r.IsCompleted && double.IsFinite(r.NormalizedEntropy));
    }
}

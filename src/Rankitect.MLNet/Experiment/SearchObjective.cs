namespace Rankitect.Experiment;

/// <summary>
/// What a search minimizes: validation NE plus an optional cost term, and an optional hard FLOPs budget.
/// Fitness = NE + <see cref="CostWeight"/> · ln(FLOPs per example) — the same c · ln(FLOPs) form as the DNAS cost
/// penalty, so a cost weight means the same trade-off in every strategy: doubling the FLOPs costs c · ln 2 ≈ 0.69 c
/// of NE. With a <see cref="FlopsBudget"/> the tuners never propose an architecture over it (they resample or
/// re-mutate before training) and the final selection ignores results over it.
/// </summary>
public sealed class SearchObjective
{
    /// <summary>Weight c of the cost term c · ln(FLOPs). 0 searches for NE alone. Default: 0.</summary>
    public double CostWeight { get; set; }

    /// <summary>Most FLOPs per example an architecture may have; null for no budget. Default: null.</summary>
    public long? FlopsBudget { get; set; }

    /// <summary>How many samples (or mutations) a tuner draws to find one architecture within
    /// <see cref="FlopsBudget"/> before it gives up with an <see cref="InvalidOperationException"/>. Default: 1000.</summary>
    public int MaxSamplingAttempts { get; set; } = 1000;

    /// <summary>The fitness of an architecture with validation NE <paramref name="normalizedEntropy"/> and
    /// <paramref name="flops"/> FLOPs per example (FLOPs below 1 count as 1). Lower is better.</summary>
    public double Fitness(double normalizedEntropy, long flops)
        => CostWeight == 0 ? normalizedEntropy : normalizedEntropy + CostWeight * Math.Log(Math.Max(1, flops));

    /// <summary>Whether <paramref name="flops"/> is within <see cref="FlopsBudget"/>.</summary>
    public bool Admits(long flops) => FlopsBudget is not { } budget || flops <= budget;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        OptionChecks.NonNegativeNumber(CostWeight, nameof(CostWeight));
        if (FlopsBudget is { } budget && budget <= 0)
            throw new ArgumentOutOfRangeException(nameof(FlopsBudget), budget, $"{nameof(FlopsBudget)} must be positive; got {budget}.");
        OptionChecks.Positive(MaxSamplingAttempts, nameof(MaxSamplingAttempts));
    }
}

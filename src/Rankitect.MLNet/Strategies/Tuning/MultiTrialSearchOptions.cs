namespace Rankitect.Strategies.Tuning;

/// <summary>Options of <see cref="MultiTrialSearch"/>. Defaults: regularized evolution, 20 low-fidelity trials
/// (10% of the rows, 1 epoch each), then the top 3 retrained at full fidelity.</summary>
public sealed class MultiTrialSearchOptions
{
    /// <summary>The tuner proposing architectures (ignored by the overload that takes an <see cref="ITuner"/>).
    /// Default: <see cref="TunerKind.RegularizedEvolution"/>.</summary>
    public TunerKind Tuner { get; set; } = TunerKind.RegularizedEvolution;

    /// <summary>Population and tournament sizes of the evolution tuner. Default: <c>new RegularizedEvolutionOptions()</c>
    /// (population 10, tournament 3).</summary>
    public RegularizedEvolutionOptions Evolution { get; set; } = new();

    /// <summary>Fitness (NE plus optional cost term) and FLOPs budget. Default: NE alone, no budget.</summary>
    public SearchObjective Objective { get; set; } = new();

    /// <summary>How trials train (fidelities) and share the threads. Default: <c>new TrialRunnerOptions()</c>.</summary>
    public TrialRunnerOptions Runner { get; set; } = new();

    /// <summary>Most low-fidelity trials. Default: 20.</summary>
    public int MaxTrials { get; set; } = 20;

    /// <summary>Wall-clock limit of the low-fidelity phase; trials still running when it expires are stopped and
    /// recorded as cancelled, then the retraining runs. A time budget makes the number of trials, and so the result,
    /// depend on the machine's speed. Default: null (no limit).</summary>
    public TimeSpan? TimeBudget { get; set; }

    /// <summary>How many of the best distinct low-fidelity architectures (by fitness, within the FLOPs budget) are
    /// retrained from scratch at full fidelity; the best retrained one is returned. 0 skips retraining and returns the
    /// best low-fidelity network. Default: 3.</summary>
    public int TopK { get; set; } = 3;

    /// <summary>Seed of the tuner, the low-fidelity subsample and every trial's weights and batch order. Same seed, data
    /// and thread options give the same trials, results and chosen architecture. Default: 0.</summary>
    public int Seed { get; set; }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Tuner))
            throw new ArgumentOutOfRangeException(nameof(Tuner), Tuner, $"{nameof(Tuner)} {Tuner} is not a tuner.");
        OptionChecks.Required(Evolution, nameof(Evolution)).Validate();
        OptionChecks.Required(Objective, nameof(Objective)).Validate();
        OptionChecks.Required(Runner, nameof(Runner)).Validate();
        OptionChecks.Positive(MaxTrials, nameof(MaxTrials));
        OptionChecks.NonNegative(TopK, nameof(TopK));
        CheckTimeBudget(TimeBudget, nameof(TimeBudget));
    }

    internal static void CheckTimeBudget(TimeSpan? budget, string name)
    {
        if (budget is { } b && (b <= TimeSpan.Zero || b.TotalMilliseconds > int.MaxValue))
            throw new ArgumentOutOfRangeException(name, b, $"{name} must be positive and at most {int.MaxValue} ms; got {b}.");
    }
}

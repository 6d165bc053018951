using Rankitect.Experiment;
using Rankitect.Strategies.Tuning;

namespace Rankitect.Strategies.MultiTrial;

/// <summary>Options of <see cref="MultiTrialStrategy"/>: its own knobs only (the fidelity of a trial, the objective,
/// the seed, the parallelism, the budgets and the top-k retraining come from the experiment). Defaults: regularized
/// evolution over 20 low-fidelity trials.</summary>
public sealed class MultiTrialOptions
{
    /// <summary>The tuner proposing architectures. Default: <see cref="TunerKind.RegularizedEvolution"/>.</summary>
    public TunerKind Tuner { get; set; } = TunerKind.RegularizedEvolution;

    /// <summary>Population and tournament sizes of the evolution tuner. Default: <c>new RegularizedEvolutionOptions()</c>
    /// (population 10, tournament 3).</summary>
    public RegularizedEvolutionOptions Evolution { get; set; } = new();

    /// <summary>Start-up trials, candidates and γ of the TPE tuner. Default: <c>new TpeOptions()</c>.</summary>
    public TpeOptions Tpe { get; set; } = new();

    /// <summary>Most low-fidelity trials. Default: 20.</summary>
    public int MaxTrials { get; set; } = 20;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(Tuner))
            throw new ArgumentOutOfRangeException(nameof(Tuner), Tuner, $"{nameof(Tuner)} {Tuner} is not a tuner.");
        OptionChecks.Required(Evolution, nameof(Evolution)).Validate();
        OptionChecks.Required(Tpe, nameof(Tpe)).Validate();
        OptionChecks.Positive(MaxTrials, nameof(MaxTrials));
    }
}

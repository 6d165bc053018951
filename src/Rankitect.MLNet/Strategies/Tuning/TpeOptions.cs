using Rankitect.Experiment;

namespace Rankitect.Strategies.Tuning;

/// <summary>Options of <see cref="TpeTuner"/>. Defaults follow Optuna's TPE sampler where it is specific (10 random
/// start-up trials, 24 candidates per proposal, γ(n) = min(⌈0.1 n⌉, 25), prior weight 1).</summary>
public sealed class TpeOptions
{
    /// <summary>Random proposals (within the FLOPs budget) before the model is used. Default: 10.</summary>
    public int StartupTrials { get; set; } = 10;

    /// <summary>Candidates drawn from the good-trial density l(x) per proposal; the one with the highest l(x)/g(x) is
    /// proposed. Default: 24.</summary>
    public int Candidates { get; set; } = 24;

    /// <summary>Share of the completed trials counted as good (γ), capped at <see cref="MaxGoodTrials"/>. Default: 0.1.</summary>
    public double GoodFraction { get; set; } = 0.1;

    /// <summary>Most trials counted as good. Default: 25.</summary>
    public int MaxGoodTrials { get; set; } = 25;

    /// <summary>Weight of the uniform prior mixed into every per-choice density (it keeps unseen candidates possible).
    /// Default: 1.</summary>
    public double PriorWeight { get; set; } = 1.0;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        OptionChecks.Positive(StartupTrials, nameof(StartupTrials));
        OptionChecks.Positive(Candidates, nameof(Candidates));
        OptionChecks.Fraction(GoodFraction, nameof(GoodFraction));
        OptionChecks.Positive(MaxGoodTrials, nameof(MaxGoodTrials));
        OptionChecks.PositiveNumber(PriorWeight, nameof(PriorWeight));
    }
}

namespace Rankitect.Experiment;

/// <summary>What a low-fidelity trial is (<see cref="TrialFidelity.Low"/>): the cheap training that ranks candidates in
/// sampling-based search and in the one-shot ranking measurement. Full fidelity is every training row with
/// <c>RankitectOptions.Training</c>.</summary>
public sealed class FidelityOptions
{
    /// <summary>Share of the training rows a low-fidelity trial trains on (one label-stratified subsample, the same for
    /// every trial), in (0, 1]. Default: 0.1.</summary>
    public double RowFraction { get; set; } = 0.1;

    /// <summary>Most epochs of a low-fidelity trial (early stopping of the training options still applies). Default: 1.</summary>
    public int Epochs { get; set; } = 1;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        OptionChecks.Fraction(RowFraction, nameof(RowFraction));
        OptionChecks.Positive(Epochs, nameof(Epochs));
    }
}

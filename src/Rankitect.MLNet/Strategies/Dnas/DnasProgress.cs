namespace Rankitect.Strategies.Dnas;

/// <summary>What a DNAS report describes.</summary>
public enum DnasPhase
{
    /// <summary>A weight step of the warm-up (theta frozen).</summary>
    Warmup,

    /// <summary>A weight step on the weight split.</summary>
    Weights,

    /// <summary>A theta step on the architecture split.</summary>
    Architecture,

    /// <summary>The end of an epoch (warm-up or architecture); losses are the epoch's means.</summary>
    EpochEnd,
}

/// <summary>The probability of every candidate of one choice, from softmax(theta).</summary>
/// <param name="Choice">Choice name, e.g. <c>bottom.0</c>.</param>
/// <param name="Candidates">Candidate labels, in encoding order.</param>
/// <param name="Probabilities">Probability of each candidate.</param>
public sealed record ChoiceProbabilities(string Choice, IReadOnlyList<string> Candidates, IReadOnlyList<double> Probabilities);

/// <summary>One report of a DNAS search.</summary>
/// <param name="Phase">What this report describes.</param>
/// <param name="Epoch">Epoch, from 1, counting warm-up epochs first.</param>
/// <param name="Step">Steps (weight and theta) so far.</param>
/// <param name="WeightLoss">Log loss (nats) of the weight step, or the epoch's mean over weight steps; null when none.</param>
/// <param name="ArchitectureLoss">Theta loss (log loss + cost term) of the theta step, or the epoch's mean; null when none.</param>
/// <param name="Temperature">Gumbel-softmax temperature in use.</param>
/// <param name="ExpectedFlops">Expected FLOPs per example under softmax(theta).</param>
/// <param name="Probabilities">Per choice, softmax(theta) after this step.</param>
/// <param name="ElapsedSeconds">Seconds since the search began.</param>
public sealed record DnasProgress(
    DnasPhase Phase,
    int Epoch,
    long Step,
    double? WeightLoss,
    double? ArchitectureLoss,
    double Temperature,
    double ExpectedFlops,
    IReadOnlyList<ChoiceProbabilities> Probabilities,
    double ElapsedSeconds);

namespace Rankitect.Baselines;

/// <summary>One trial of the tuned LightGBM: its settings and how it did on the validation rows.</summary>
/// <param name="Settings">The configuration trained.</param>
/// <param name="Validation">Its metrics on the validation rows (the choice is the lowest NE).</param>
/// <param name="Rounds">Boosting rounds kept after early stopping.</param>
/// <param name="Seconds">Wall seconds of the trial (its featurization, if first of its kind, included).</param>
public sealed record LightGbmTrial(LightGbmSettings Settings, Evaluation.CtrMetrics Validation, int Rounds, double Seconds);

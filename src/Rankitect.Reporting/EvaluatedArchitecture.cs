namespace Rankitect.Reporting;

/// <summary>One architecture that a search strategy trained and evaluated.</summary>
/// <param name="Strategy">Name of the search strategy that proposed it (one colour per strategy in the plots).</param>
/// <param name="Architecture">Human-readable description of the architecture; shown as text, HTML-escaped.</param>
/// <param name="ValidationNe">Normalized entropy on the validation set (lower is better). Non-finite values are left out of the plots with a note.</param>
/// <param name="Flops">FLOPs per example. Values below 1 are drawn at 1 on the log axis, with a note.</param>
/// <param name="Parameters">Number of trainable parameters.</param>
/// <param name="Seconds">Seconds elapsed since the search began when this evaluation finished.</param>
/// <param name="Fidelity">Training budget of the evaluation, for example "low" or "full".</param>
/// <param name="OnFrontier">Whether the point is on the NE/FLOPs Pareto frontier of the search.</param>
public sealed record EvaluatedArchitecture(
    string Strategy,
    string Architecture,
    double ValidationNe,
    long Flops,
    long Parameters,
    double Seconds,
    string Fidelity,
    bool OnFrontier);

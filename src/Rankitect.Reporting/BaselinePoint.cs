namespace Rankitect.Reporting;

/// <summary>A reference model to compare the searched architectures with.</summary>
/// <param name="Name">Label shown in the plot and the baseline table, for example "LightGBM" or "DLRM".</param>
/// <param name="Ne">Validation normalized entropy of the baseline.</param>
/// <param name="Flops">
/// FLOPs per example, or <see langword="null"/> when the notion does not apply (a tree ensemble):
/// such a baseline is drawn as a horizontal dashed line, one with FLOPs as a labelled marker.
/// </param>
public sealed record BaselinePoint(string Name, double Ne, long? Flops);

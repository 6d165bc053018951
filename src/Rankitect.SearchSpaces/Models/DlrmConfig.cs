namespace Rankitect.SearchSpaces.Models;

/// <summary>The shape of a hand-designed DLRM (Naumov et al. 2019). Defaults are sized for CPU training on
/// Criteo-shaped data.</summary>
public sealed record DlrmConfig
{
    /// <summary>Embedding dimension of every field; also the bottom MLP's output width. Default: 16.</summary>
    public int EmbeddingDimension { get; init; } = 16;

    /// <summary>Hidden widths of the bottom MLP over the dense features; a final layer of width
    /// <see cref="EmbeddingDimension"/> follows. Default: [64].</summary>
    public IReadOnlyList<int> BottomMlp { get; init; } = new[] { 64 };

    /// <summary>Hidden widths of the top MLP over the interaction; a final layer emits the logit. Default: [128, 64].</summary>
    public IReadOnlyList<int> TopMlp { get; init; } = new[] { 128, 64 };
}

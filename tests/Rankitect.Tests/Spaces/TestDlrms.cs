using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Dlrm;

namespace Rankitect.Tests.Spaces;

/// <summary>DLRMs for tests that need a network, not a search: the hand-designed one, or a small one as the single
/// architecture of a <see cref="DlrmSpace"/> whose options hold exactly its choices (so it is built and costed by the
/// same code as every searched architecture).</summary>
internal static class TestDlrms
{
    /// <summary>A small DLRM: embedding dim and d = <paramref name="dim"/>, full-size tables, the dot interaction,
    /// <paramref name="bottom"/> (ignored without dense inputs) and <paramref name="top"/> hidden widths; built by a space
    /// whose options hold exactly these choices.</summary>
    public static SearchedDlrm Create(int denseWidth, IReadOnlyList<int> cardinalities, int dim, int[] bottom, int[] top)
    {
        if (denseWidth == 0) bottom = [];
        var space = new DlrmSpace(new CtrFeatureShape(denseWidth, cardinalities), new DlrmSpaceOptions
        {
            BottomLayers = bottom.Length, TopLayers = top.Length,
            // The options need one width even when there are no hidden layers.
            LayerWidths = bottom.Concat(top).DefaultIfEmpty(dim).ToArray(), AllowSkip = false,
            EmbeddingDims = [dim], RowFractions = [1.0], Interactions = [InteractionOp.Dot], InteractionWidth = dim,
        });
        var architecture = new DlrmArchitecture
        {
            BottomWidths = bottom, TopWidths = top,
            EmbeddingDims = Enumerable.Repeat(dim, cardinalities.Count).ToArray(),
            RowFractions = Enumerable.Repeat(1.0, cardinalities.Count).ToArray(),
            Interaction = InteractionOp.Dot, InteractionWidth = dim, CrossLayers = space.Options.CrossLayers,
        };
        return (SearchedDlrm)space.Build(architecture);
    }

    /// <summary>The hand-designed DLRM (<see cref="DlrmSpace.HandDesigned"/>) of the default space for these inputs.</summary>
    public static SearchedDlrm HandDesigned(int denseWidth, IReadOnlyList<int> cardinalities)
    {
        var space = new DlrmSpace(new CtrFeatureShape(denseWidth, cardinalities));
        return (SearchedDlrm)space.Build(DlrmSpace.HandDesigned(space));
    }
}

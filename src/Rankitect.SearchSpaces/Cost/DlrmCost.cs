using Rankitect.SearchSpaces.Models;

namespace Rankitect.SearchSpaces.Cost;

/// <summary>
/// The analytic cost of the hand-designed <see cref="Dlrm"/> baseline, by the counting rules of
/// <see cref="DlrmCostModel"/> (the baseline has no projections: every field embeds straight at the common dim).
/// </summary>
public static class DlrmCost
{
    /// <summary>Cost of <c>new Dlrm(denseWidth, cardinalities, config)</c>; its parameter count equals the module's.</summary>
    public static ArchitectureCost Of(DlrmConfig config, int denseWidth, IReadOnlyList<int> cardinalities)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(cardinalities);
        int d = config.EmbeddingDimension;
        double flops = 0, parameters = 0;
        void Mlp(int input, IEnumerable<int> widths)
        {
            foreach (var width in widths)
            {
                flops += DlrmCostModel.LinearFlops(input, width);
                parameters += DlrmCostModel.LinearParameters(input, width);
                input = width;
            }
        }
        if (denseWidth > 0)
            Mlp(denseWidth, config.BottomMlp.Append(d));
        long rows = cardinalities.Sum(c => (long)c);
        parameters += (double)rows * d;
        int vectors = (denseWidth > 0 ? 1 : 0) + cardinalities.Count;
        int topInput = denseWidth > 0 ? d : 0;
        if (vectors >= 2)
        {
            flops += DlrmCostModel.InteractionFlops(Spaces.InteractionOp.Dot, vectors, d, 0);
            topInput += vectors * (vectors - 1) / 2;
        }
        else if (denseWidth == 0)
        {
            topInput = d;
        }
        Mlp(topInput, config.TopMlp.Append(1));
        return new ArchitectureCost((long)flops, (long)parameters, rows, rows * d * sizeof(float));
    }
}

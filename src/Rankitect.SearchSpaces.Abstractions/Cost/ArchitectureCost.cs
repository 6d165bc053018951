namespace Rankitect.SearchSpaces.Cost;

/// <summary>Analytic cost of one architecture's inference graph, per example.</summary>
/// <param name="Flops">Floating-point operations per example: 2 per multiply-add of the matrix products (MLP layers,
/// projections, interactions, cross layers); embedding lookups, biases, activations and the dense log transform count 0.</param>
/// <param name="Parameters">Trainable parameters, embedding tables included.</param>
/// <param name="EmbeddingRows">Rows of all embedding tables.</param>
/// <param name="EmbeddingBytes">Bytes of all embedding tables as float32: Σ rows × dim × 4.</param>
public sealed record ArchitectureCost(long Flops, long Parameters, long EmbeddingRows, long EmbeddingBytes)
{
    /// <summary>The cost of scoring every one of <paramref name="costs"/> on each example (an ensemble): each term summed.</summary>
    public static ArchitectureCost Sum(IEnumerable<ArchitectureCost> costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        return costs.Aggregate(new ArchitectureCost(0, 0, 0, 0), (total, cost) => new ArchitectureCost(total.Flops + cost.Flops,
            total.Parameters + cost.Parameters, total.EmbeddingRows + cost.EmbeddingRows, total.EmbeddingBytes + cost.EmbeddingBytes));
    }
}

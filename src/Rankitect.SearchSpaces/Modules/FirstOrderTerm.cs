using Rankitect.SearchSpaces.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>
/// The first-order ("wide") part of Wide &amp; Deep, DeepFM and DCN: one learned scalar per categorical value plus a
/// linear function of the (transformed) dense features, added to the deep network's logit. It is the logistic
/// regression inside the network, which on small CTR data often beats the deep part alone (see the README's
/// measurement). Both parts start at zero, so at initialization the network equals its deep part.
/// Ids [B, F] int64 and transformed dense [B, D] (or none) -> logit contribution [B].
/// </summary>
public sealed class FirstOrderTerm : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly FieldEmbeddings weights;
    private readonly Linear? dense;

    /// <summary>Creates the term.</summary>
    /// <param name="cardinalities">Ids of each field (one weight per id, the out-of-vocabulary id 0 included).</param>
    /// <param name="denseWidth">Dense inputs (0 = none: no dense part).</param>
    /// <param name="name">Module name.</param>
    public FirstOrderTerm(IReadOnlyList<int> cardinalities, int denseWidth, string name = "first_order") : base(TorchModule.Named(name))
    {
        ArgumentOutOfRangeException.ThrowIfNegative(denseWidth);
        weights = new FieldEmbeddings(cardinalities, 1, "weights");
        if (denseWidth > 0)
            dense = SeededTorch.Linear(denseWidth, 1, hasBias: false);
        using (no_grad())
        {
            foreach (var parameter in parameters())
                parameter.zero_();
        }
        RegisterComponents();
    }

    /// <summary>Ids [B, F] and transformed dense values [B, D] (null without dense inputs) -> [B].</summary>
    public override Tensor forward(Tensor ids, Tensor? transformedDense)
    {
        using var scope = NewDisposeScope();
        var sum = weights.forward(ids).sum(new long[] { 1, 2 });
        if (dense is not null && transformedDense is not null)
            sum = sum.add(dense.forward(transformedDense).squeeze(-1), One);
        return sum.MoveToOuterDisposeScope();
    }

    /// <summary>Adds the term for ids int64 [N, F] and transformed dense [N, D] (null without dense inputs) and
    /// returns its output [N].</summary>
    public string ExportOnnx(IOnnxGraphBuilder graph, string ids, string? transformedDense)
    {
        ArgumentNullException.ThrowIfNull(graph);
        using var scope = graph.BeginScope(GetName());
        var axes = graph.AddInt64Constant("axes", [1, 2]);
        var sum = graph.AddNode("ReduceSum", [weights.ExportOnnx(graph, ids), axes], [OnnxAttribute.Int("keepdims", 0)]);
        if (dense is null || transformedDense is null)
            return sum;
        var linear = graph.AddNode("Squeeze", [dense.ExportOnnx(graph, transformedDense, "dense"), graph.AddInt64Constant("axis1", [1])]);
        return graph.AddNode("Add", [sum, linear]);
    }
}

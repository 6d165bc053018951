using Rankitect.SearchSpaces.Export;
using Rankitect.SearchSpaces.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.SearchSpaces.Models;

/// <summary>
/// Logistic regression on the same inputs as every other network: a weight per log-transformed dense input and a
/// weight per categorical value (a 1-dimensional embedding), summed with a bias. It sees no feature interaction,
/// which makes it the reference that interaction models must beat.
/// </summary>
public sealed class LogisticRegression : CtrModule
{
    private readonly DenseLogTransform denseTransform;
    private readonly Linear? dense;
    private readonly FieldEmbeddings? weights;
    private readonly Parameter bias;

    /// <summary>Creates the model for <paramref name="denseWidth"/> dense inputs and the given field cardinalities.</summary>
    public LogisticRegression(int denseWidth, IReadOnlyList<int> cardinalities, string name = "logistic_regression") : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(denseWidth);
        denseTransform = new DenseLogTransform();
        if (denseWidth > 0)
            dense = SeededTorch.Linear(denseWidth, 1, hasBias: false);
        if (cardinalities.Count > 0)
            weights = new FieldEmbeddings(cardinalities, 1, "weights");
        bias = nn.Parameter(zeros(1));
        RegisterComponents();
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor denseInput, Tensor ids)
    {
        using var scope = NewDisposeScope();
        var logit = bias.expand(denseInput.shape[0]);
        if (dense is not null)
            logit = logit.add(dense.forward(denseTransform.forward(denseInput)).squeeze(-1), One);
        if (weights is not null)
            logit = logit.add(weights.forward(ids).sum(new long[] { 1, 2 }), One);
        return logit.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override string ExportOnnx(IOnnxGraphBuilder graph, string? denseInput, string? ids)
    {
        ArgumentNullException.ThrowIfNull(graph);
        using var scope = graph.BeginScope(GetName());
        if (dense is null && weights is null)
            throw new NotSupportedException("A logistic regression without inputs has no batch dimension to export.");
        // Broadcasting bias [1] against the [N] terms gives [N], in the order forward adds them.
        var logit = graph.AddInitializer("bias", bias);
        if (dense is not null)
        {
            var transformed = denseTransform.ExportOnnx(graph, RequireInput(denseInput, "dense inputs"));
            var term = graph.AddNode("Squeeze", [dense.ExportOnnx(graph, transformed, "dense"), graph.AddInt64Constant("last_axis", [-1])]);
            logit = graph.AddNode("Add", [logit, term]);
        }
        if (weights is not null)
        {
            var looked = weights.ExportOnnx(graph, RequireInput(ids, "categorical ids"));
            var term = graph.AddNode("ReduceSum", [looked, graph.AddInt64Constant("field_axes", [1, 2])], [OnnxAttribute.Int("keepdims", 0)]);
            logit = graph.AddNode("Add", [logit, term]);
        }
        return logit;
    }
}

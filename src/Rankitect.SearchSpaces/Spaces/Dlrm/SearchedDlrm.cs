using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Export;
using Rankitect.SearchSpaces.Modules;
using TorchSharp;
using static TorchSharp.torch;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.SearchSpaces.Spaces.Dlrm;

/// <summary>
/// The fixed network of one <see cref="DlrmArchitecture"/>: log-transformed dense features through the bottom MLP
/// (skipped layers removed) to width d; each field's hashed embedding projected to d; the interaction op over the
/// n = fields + 1 vectors; the top MLP to the logit. Without dense inputs there is no bottom MLP (the architecture
/// has no bottom layers) and the interaction runs over the n = fields embedding vectors alone. Its parameter count
/// equals <c>DlrmCostModel</c>'s.
/// </summary>
public sealed class SearchedDlrm : CtrModule
{
    private readonly DenseLogTransform denseTransform;
    private readonly Mlp? bottom; // null without dense inputs
    private readonly HashedFieldEmbeddings embeddings;
    private readonly nn.Module<Tensor, Tensor> interaction;
    private readonly Mlp top;
    private readonly FirstOrderTerm? firstOrder;

    /// <summary>Creates the network of <paramref name="architecture"/> for inputs of <paramref name="shape"/>
    /// (at least one field; at least two without dense inputs, when the architecture has no bottom layers).</summary>
    public SearchedDlrm(CtrFeatureShape shape, DlrmArchitecture architecture, string name = "searched_dlrm") : base(name)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(architecture);
        var errors = shape.Check().Concat(architecture.Check(shape.FieldCount)).ToList();
        bool hasBottom = shape.DenseWidth > 0;
        if (shape.FieldCount == 0)
            errors.Add("A searched DLRM needs at least one field.");
        else if (!hasBottom && shape.FieldCount < 2)
            errors.Add("A searched DLRM without dense inputs needs at least two fields.");
        if (!hasBottom && architecture.BottomWidths is { Count: > 0 })
            errors.Add("Without dense inputs there is no bottom MLP: the architecture must have no bottom layers.");
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors), nameof(architecture));
        Architecture = architecture;
        int d = architecture.InteractionWidth, n = shape.FieldCount + (hasBottom ? 1 : 0);
        denseTransform = new DenseLogTransform();
        if (hasBottom)
            bottom = new Mlp(shape.DenseWidth, architecture.BottomWidths.Where(w => w > 0).Append(d).ToArray(), activateLast: true, name: "bottom");
        var rowCounts = shape.Cardinalities.Select((c, f) => RowHashing.RowCount(c, architecture.RowFractions[f])).ToArray();
        embeddings = new HashedFieldEmbeddings(rowCounts, architecture.EmbeddingDims, d);
        interaction = architecture.Interaction switch
        {
            InteractionOp.Dot => new DotInteraction(n),
            InteractionOp.Concat => new ConcatInteraction(),
            InteractionOp.FactorizationMachine => new FmInteraction(),
            InteractionOp.Cross => new CrossNetwork(n * d, architecture.CrossLayers),
            _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture.Interaction, "Unknown interaction."),
        };
        int topInput = architecture.Interaction.OutputWidth(n, d, hasBottom);
        top = new Mlp(topInput, architecture.TopWidths.Where(w => w > 0).Append(1).ToArray(), activateLast: false, name: "top");
        if (architecture.FirstOrder)
            firstOrder = new FirstOrderTerm(shape.Cardinalities, shape.DenseWidth);
        RegisterComponents();
    }

    /// <summary>The architecture this network was built from.</summary>
    public DlrmArchitecture Architecture { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor dense, Tensor ids)
    {
        using var scope = NewDisposeScope();
        var transformed = bottom is null ? null : denseTransform.forward(dense);
        var bottomOut = bottom?.forward(transformed!);
        var embedded = embeddings.forward(ids);
        var vectors = bottomOut is null ? embedded : cat(new[] { bottomOut.unsqueeze(1), embedded }, 1);
        var mixed = Architecture.Interaction switch
        {
            InteractionOp.Concat => interaction.forward(vectors),
            InteractionOp.Cross => interaction.forward(vectors.flatten(1)),
            // Dot and FM keep the bottom output next to their result, as DLRM does.
            _ when bottomOut is not null => cat(new[] { bottomOut, interaction.forward(vectors) }, 1),
            _ => interaction.forward(vectors),
        };
        var logit = top.forward(mixed).squeeze(-1);
        if (firstOrder is not null)
            logit = logit.add(firstOrder.forward(ids, transformed), One);
        return logit.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override string ExportOnnx(IOnnxGraphBuilder graph, string? dense, string? ids)
    {
        ArgumentNullException.ThrowIfNull(graph);
        // Check the inputs before adding nodes, so a refused export leaves no half-built scope behind.
        var denseInput = bottom is null ? null : RequireInput(dense, "dense inputs");
        var idsInput = RequireInput(ids, "categorical ids");
        var exportable = interaction as IOnnxExportable
            ?? throw new NotSupportedException($"{GetType().Name}'s interaction {interaction.GetType().Name} has no ONNX export.");
        using var scope = graph.BeginScope(GetName());
        var axis1 = graph.AddInt64Constant("axis1", [1]);
        var transformed = bottom is null ? null : denseTransform.ExportOnnx(graph, denseInput!);
        var bottomOut = bottom is null ? null : bottom.ExportOnnx(graph, transformed!);
        var vectors = bottomOut is null
            ? embeddings.ExportOnnx(graph, idsInput)
            : graph.AddNode("Concat",
                [graph.AddNode("Unsqueeze", [bottomOut, axis1]), embeddings.ExportOnnx(graph, idsInput)],
                [OnnxAttribute.Int("axis", 1)]);
        var mixed = Architecture.Interaction switch
        {
            InteractionOp.Concat => exportable.ExportOnnx(graph, vectors),
            InteractionOp.Cross => exportable.ExportOnnx(graph, graph.AddNode("Flatten", [vectors], [OnnxAttribute.Int("axis", 1)])),
            // Dot and FM keep the bottom output next to their result, as in forward.
            _ when bottomOut is not null => graph.AddNode("Concat", [bottomOut, exportable.ExportOnnx(graph, vectors)], [OnnxAttribute.Int("axis", 1)]),
            _ => exportable.ExportOnnx(graph, vectors),
        };
        var logit = graph.AddNode("Squeeze", [top.ExportOnnx(graph, mixed), axis1]);
        return firstOrder is null ? logit : graph.AddNode("Add", [logit, firstOrder.ExportOnnx(graph, idsInput, transformed)]);
    }
}

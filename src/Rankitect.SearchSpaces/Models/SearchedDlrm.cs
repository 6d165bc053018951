using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Export;
using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Spaces;
using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Models;

/// <summary>
/// The fixed network of one <see cref="DlrmArchitecture"/>: log-transformed dense features through the bottom MLP
/// (skipped layers removed) to width d; each field's hashed embedding projected to d; the interaction op over the
/// n = fields + 1 vectors; the top MLP to the logit. Its parameter count equals <c>DlrmCostModel</c>'s.
/// </summary>
public sealed class SearchedDlrm : CtrModule
{
    private readonly DenseLogTransform denseTransform;
    private readonly Mlp bottom;
    private readonly HashedFieldEmbeddings embeddings;
    private readonly nn.Module<Tensor, Tensor> interaction;
    private readonly Mlp top;

    /// <summary>Creates the network of <paramref name="architecture"/> for inputs of <paramref name="shape"/>
    /// (at least one dense input and one field).</summary>
    public SearchedDlrm(CtrFeatureShape shape, DlrmArchitecture architecture, string name = "searched_dlrm") : base(name)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(architecture);
        var errors = shape.Check().Concat(architecture.Check(shape.FieldCount)).ToList();
        if (shape.DenseWidth == 0 || shape.FieldCount == 0)
            errors.Add("A searched DLRM needs at least one dense input and one field.");
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors), nameof(architecture));
        Architecture = architecture;
        int d = architecture.InteractionWidth, n = shape.FieldCount + 1;
        denseTransform = new DenseLogTransform();
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
        int topInput = architecture.Interaction.OutputWidth(n, d);
        top = new Mlp(topInput, architecture.TopWidths.Where(w => w > 0).Append(1).ToArray(), activateLast: false, name: "top");
        RegisterComponents();
    }

    /// <summary>The architecture this network was built from.</summary>
    public DlrmArchitecture Architecture { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor dense, Tensor ids)
    {
        using var scope = NewDisposeScope();
        var bottomOut = bottom.forward(denseTransform.forward(dense));
        var vectors = cat(new[] { bottomOut.unsqueeze(1), embeddings.forward(ids) }, 1);
        var mixed = Architecture.Interaction switch
        {
            InteractionOp.Concat => interaction.forward(vectors),
            InteractionOp.Cross => interaction.forward(vectors.flatten(1)),
            // Dot and FM keep the bottom output next to their result, as DLRM does.
            _ => cat(new[] { bottomOut, interaction.forward(vectors) }, 1),
        };
        return top.forward(mixed).squeeze(-1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override string ExportOnnx(IOnnxGraphBuilder graph, string? dense, string? ids)
    {
        ArgumentNullException.ThrowIfNull(graph);
        // Check both inputs before adding nodes, so a refused export leaves no half-built scope behind.
        var denseInput = RequireInput(dense, "dense inputs");
        var idsInput = RequireInput(ids, "categorical ids");
        var exportable = interaction as IOnnxExportable
            ?? throw new NotSupportedException($"{GetType().Name}'s interaction {interaction.GetType().Name} has no ONNX export.");
        using var scope = graph.BeginScope(GetName());
        var axis1 = graph.AddInt64Constant("axis1", [1]);
        var bottomOut = bottom.ExportOnnx(graph, denseTransform.ExportOnnx(graph, denseInput));
        var vectors = graph.AddNode("Concat",
            [graph.AddNode("Unsqueeze", [bottomOut, axis1]), embeddings.ExportOnnx(graph, idsInput)],
            [OnnxAttribute.Int("axis", 1)]);
        var mixed = Architecture.Interaction switch
        {
            InteractionOp.Concat => exportable.ExportOnnx(graph, vectors),
            InteractionOp.Cross => exportable.ExportOnnx(graph, graph.AddNode("Flatten", [vectors], [OnnxAttribute.Int("axis", 1)])),
            // Dot and FM keep the bottom output next to their result, as in forward.
            _ => graph.AddNode("Concat", [bottomOut, exportable.ExportOnnx(graph, vectors)], [OnnxAttribute.Int("axis", 1)]),
        };
        return graph.AddNode("Squeeze", [top.ExportOnnx(graph, mixed), axis1]);
    }
}

using Rankitect.SearchSpaces.Export;
using Rankitect.SearchSpaces.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Models;

/// <summary>
/// The fixed DLRM baseline: bottom MLP over log-transformed dense features, one embedding per field, pairwise
/// dot-product interaction of all those vectors, concatenated with the bottom output, and a top MLP to the logit.
/// </summary>
public sealed class Dlrm : CtrModule
{
    private readonly DenseLogTransform denseTransform;
    private readonly Mlp? bottom;
    private readonly FieldEmbeddings? embeddings;
    private readonly DotInteraction? interaction;
    private readonly Mlp top;

    /// <summary>Creates the network for <paramref name="denseWidth"/> dense inputs and the given field cardinalities.</summary>
    public Dlrm(int denseWidth, IReadOnlyList<int> cardinalities, DlrmConfig? config = null, string name = "dlrm") : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(denseWidth);
        ArgumentNullException.ThrowIfNull(cardinalities);
        if (denseWidth == 0 && cardinalities.Count == 0)
            throw new ArgumentException("A DLRM needs at least one dense input or one field.");
        Config = config ?? new DlrmConfig();
        int d = Config.EmbeddingDimension;
        denseTransform = new DenseLogTransform();
        if (denseWidth > 0)
            bottom = new Mlp(denseWidth, Config.BottomMlp.Append(d).ToArray(), activateLast: true, name: "bottom");
        if (cardinalities.Count > 0)
            embeddings = new FieldEmbeddings(cardinalities, d);
        int vectors = (denseWidth > 0 ? 1 : 0) + cardinalities.Count;
        int topInput = denseWidth > 0 ? d : 0;
        if (vectors >= 2)
        {
            interaction = new DotInteraction(vectors);
            topInput += interaction.OutputWidth;
        }
        else if (denseWidth == 0)
        {
            topInput = d;
        }
        top = new Mlp(topInput, Config.TopMlp.Append(1).ToArray(), activateLast: false, name: "top");
        RegisterComponents();
    }

    /// <summary>The shape this network was built with.</summary>
    public DlrmConfig Config { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor dense, Tensor ids)
    {
        using var scope = NewDisposeScope();
        var parts = new List<Tensor>();
        if (bottom is not null)
            parts.Add(bottom.forward(denseTransform.forward(dense)).unsqueeze(1));
        if (embeddings is not null)
            parts.Add(embeddings.forward(ids));
        var vectors = parts.Count == 1 ? parts[0] : cat(parts, 1);
        var features = new List<Tensor>();
        if (bottom is not null)
            features.Add(parts[0].squeeze(1));
        if (interaction is not null)
            features.Add(interaction.forward(vectors));
        else if (bottom is null)
            features.Add(vectors.squeeze(1));
        var topInput = features.Count == 1 ? features[0] : cat(features, 1);
        return top.forward(topInput).squeeze(-1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override string ExportOnnx(IOnnxGraphBuilder graph, string? dense, string? ids)
    {
        ArgumentNullException.ThrowIfNull(graph);
        using var scope = graph.BeginScope(GetName());
        var axis1 = graph.AddInt64Constant("axis1", [1]);
        string? bottomOutput = null;
        var parts = new List<string>();
        if (bottom is not null)
        {
            bottomOutput = bottom.ExportOnnx(graph, denseTransform.ExportOnnx(graph, RequireInput(dense, "dense inputs")));
            parts.Add(graph.AddNode("Unsqueeze", [bottomOutput, axis1]));
        }
        if (embeddings is not null)
            parts.Add(embeddings.ExportOnnx(graph, RequireInput(ids, "categorical ids")));
        var vectors = parts.Count == 1 ? parts[0] : graph.AddNode("Concat", parts, [OnnxAttribute.Int("axis", 1)]);
        var features = new List<string>();
        if (bottomOutput is not null)
            features.Add(bottomOutput);
        if (interaction is not null)
            features.Add(interaction.ExportOnnx(graph, vectors));
        else if (bottom is null)
            features.Add(graph.AddNode("Squeeze", [vectors, axis1]));
        var topInput = features.Count == 1 ? features[0] : graph.AddNode("Concat", features, [OnnxAttribute.Int("axis", 1)]);
        return graph.AddNode("Squeeze", [top.ExportOnnx(graph, topInput), axis1]);
    }
}

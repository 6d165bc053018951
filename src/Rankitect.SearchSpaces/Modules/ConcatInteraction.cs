using Rankitect.SearchSpaces.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>The "no interaction" op: the vectors flattened side by side. Input [B, n, d] -> output [B, n·d].</summary>
public sealed class ConcatInteraction : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    /// <summary>Creates the op.</summary>
    public ConcatInteraction(string name = "concat") : base(TorchModule.Named(name))
    {
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor vectors) => vectors.flatten(1);

    /// <inheritdoc/>
    public string ExportOnnx(IOnnxGraphBuilder graph, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        using var scope = graph.BeginScope(GetName());
        // Flatten at axis 1 keeps the batch axis and merges the rest, exactly flatten(1) for [B, n, d].
        return graph.AddNode("Flatten", [input], [OnnxAttribute.Int("axis", 1)]);
    }
}

using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Export;
using Rankitect.SearchSpaces.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>
/// The stem every block network starts from. Sparse stem: one embedding of dim e per field [B, F, e]
/// (<see cref="FieldEmbeddings"/>, trained by sparse row updates). Dense stem [B, S]: a linear of the log-transformed
/// dense features (<see cref="DenseLogTransform"/>); without dense features, a linear of the flattened field
/// embeddings instead, so blocks always have a dense input to read.
/// </summary>
internal sealed class BlockStem : nn.Module
{
    private readonly DenseLogTransform dense_log;
    private readonly FieldEmbeddings embeddings;
    private readonly Linear projection;
    private readonly bool _hasDense;

    public BlockStem(CtrFeatureShape shape, int embeddingDim, int width, string name = "stem") : base(TorchModule.Named(name))
    {
        _hasDense = shape.DenseWidth > 0;
        dense_log = new DenseLogTransform();
        embeddings = new FieldEmbeddings(shape.Cardinalities, embeddingDim);
        projection = SeededTorch.Linear(_hasDense ? shape.DenseWidth : shape.FieldCount * embeddingDim, width);
        RegisterComponents();
    }

    /// <summary>(dense stem [B, S], sparse stem [B, F, e]).</summary>
    public (Tensor Dense, Tensor Sparse) Forward(Tensor dense, Tensor ids)
    {
        var sparse = embeddings.forward(ids);
        using var input = _hasDense ? dense_log.forward(dense) : sparse.flatten(1);
        return (projection.forward(input), sparse);
    }

    public (string Dense, string Sparse) ExportOnnx(IOnnxGraphBuilder graph, string? dense, string ids)
    {
        using var scope = graph.BeginScope(GetName());
        var sparse = embeddings.ExportOnnx(graph, ids);
        var input = _hasDense
            ? dense_log.ExportOnnx(graph, dense ?? throw new NotSupportedException("The block network reads dense inputs, but the export has none."))
            : graph.AddNode("Flatten", [sparse], [OnnxAttribute.Int("axis", 1)]);
        return (projection.ExportOnnx(graph, input, "projection"), sparse);
    }
}

using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Export;
using Rankitect.SearchSpaces.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>
/// The fixed, exportable network of one <see cref="BlockSpace"/> architecture: the stem, each block's chosen dense and
/// sparse operators at the chosen sizes reading only the chosen inputs, the interaction modules that are on, and the
/// output layer over concat(last dense, flatten(last sparse)). Its parameter count equals <see cref="BlockCostModel"/>'s;
/// <see cref="ExportOnnx"/> writes every operator, so ONNX Runtime scores it like TorchSharp.
/// </summary>
public sealed class BlockNetwork : CtrModule
{
    private readonly BlockStem stem;
    private readonly ModuleList<FixedBlock> blocks = new();
    private readonly Linear output;
    private readonly ResolvedBlock[] _resolved;

    /// <summary>Creates the network of <paramref name="indices"/> in <paramref name="space"/> with fresh weights.</summary>
    /// <exception cref="ArgumentException">The indices are not an architecture of the space.</exception>
    public BlockNetwork(BlockSpace space, IReadOnlyList<int> indices, string name = "block_network") : base(name)
    {
        Space = space ?? throw new ArgumentNullException(nameof(space));
        _resolved = space.Resolve(indices);
        Indices = indices.ToArray();
        stem = new BlockStem(space.Shape, space.EmbeddingDim, space.StemWidth);
        foreach (var b in _resolved)
            blocks.Add(new FixedBlock(space, _resolved, b));
        int last = space.BlockCount;
        output = SeededTorch.Linear(space.SourceWidth(_resolved, last) + space.SourceTokens(_resolved, last) * space.EmbeddingDim, 1);
        RegisterComponents();
    }

    /// <summary>The space.</summary>
    public BlockSpace Space { get; }

    /// <summary>The architecture's choice indices.</summary>
    public IReadOnlyList<int> Indices { get; }

    /// <summary>The architecture in readable form.</summary>
    public BlockArchitecture Architecture => Space.Decode(Indices);

    internal BlockStem Stem => stem;

    internal IReadOnlyList<FixedBlock> Blocks => blocks.ToArray();

    internal Linear Output => output;

    /// <inheritdoc/>
    public override Tensor forward(Tensor dense, Tensor ids)
    {
        using var scope = NewDisposeScope();
        var (d, s) = stem.Forward(dense, ids);
        var denseOuts = new List<Tensor> { d };
        var sparseOuts = new List<Tensor> { s };
        for (int i = 0; i < blocks.Count; i++)
        {
            var (nextDense, nextSparse) = blocks[i].Forward(denseOuts, sparseOuts);
            denseOuts.Add(nextDense);
            sparseOuts.Add(nextSparse);
        }
        return output.forward(BlockPath.OutputInput(denseOuts[^1], sparseOuts[^1])).squeeze(-1).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override string ExportOnnx(IOnnxGraphBuilder graph, string? dense, string? ids)
    {
        ArgumentNullException.ThrowIfNull(graph);
        // Check the inputs before adding nodes, so a refused export leaves no half-built scope behind.
        var idsInput = RequireInput(ids, "categorical ids");
        if (Space.Shape.DenseWidth > 0)
            RequireInput(dense, "dense inputs");
        using var scope = graph.BeginScope(GetName());
        var (d, s) = stem.ExportOnnx(graph, dense, idsInput);
        var denseOuts = new List<string> { d };
        var sparseOuts = new List<string> { s };
        for (int i = 0; i < blocks.Count; i++)
        {
            var (nextDense, nextSparse) = blocks[i].ExportOnnx(graph, denseOuts, sparseOuts);
            denseOuts.Add(nextDense);
            sparseOuts.Add(nextSparse);
        }
        var flat = graph.AddNode("Flatten", [sparseOuts[^1]], [OnnxAttribute.Int("axis", 1)]);
        var joined = graph.AddNode("Concat", [denseOuts[^1], flat], [OnnxAttribute.Int("axis", 1)]);
        return graph.AddNode("Squeeze", [output.ExportOnnx(graph, joined, "output"), graph.AddInt64Constant("axis1", [1])]);
    }
}

/// <summary>One block of a <see cref="BlockNetwork"/>: its chosen operators at the architecture's sizes.</summary>
internal sealed class FixedBlock : nn.Module
{
    private readonly BlockOperator dense_op;
    private readonly BlockOperator sparse_op;
    private readonly BlockOperator? dense_to_sparse;
    private readonly BlockOperator? sparse_to_dense;
    private readonly ResolvedBlock _block;

    public FixedBlock(BlockSpace space, ResolvedBlock[] blocks, ResolvedBlock block) : base(TorchModule.Named($"b{block.Index}"))
    {
        _block = block;
        int denseInput = block.DenseSources.Sum(s => space.SourceWidth(blocks, s));
        int sparseInput = block.SparseSources.Sum(s => space.SourceTokens(blocks, s));
        dense_op = BlockOperators.Dense(space, block.DenseOp, denseInput, sparseInput,
            space.SourceWidth(blocks, block.Left), space.SourceWidth(blocks, block.Right), block.Width);
        sparse_op = BlockOperators.Sparse(space, block.SparseOp, sparseInput, block.Tokens);
        if (block.DenseToSparse)
            dense_to_sparse = new DenseToSparse(block.Width, space.InteractionTokens, space.EmbeddingDim);
        if (block.SparseToDense)
            sparse_to_dense = new SparseToDense(space.EmbeddingDim, block.Width);
        RegisterComponents();
    }

    public ResolvedBlock Block => _block;

    /// <summary>The operators in a fixed order: dense op, sparse op, dense→sparse, sparse→dense (null when off).</summary>
    public BlockOperator?[] Operators => [dense_op, sparse_op, dense_to_sparse, sparse_to_dense];

    public (Tensor Dense, Tensor Sparse) Forward(IReadOnlyList<Tensor> dense, IReadOnlyList<Tensor> sparse)
        => BlockPath.Run(_block, dense, sparse, Bind(dense_op), Bind(sparse_op),
            dense_to_sparse is null ? null : Bind(dense_to_sparse), sparse_to_dense is null ? null : Bind(sparse_to_dense));

    private static BoundOperator Bind(BlockOperator op) => new(op, op.Weights);

    public (string Dense, string Sparse) ExportOnnx(IOnnxGraphBuilder graph, IReadOnlyList<string> dense, IReadOnlyList<string> sparse)
    {
        using var scope = graph.BeginScope(GetName());
        string Concat(int[] sources, string[] outputs)
            => sources.Length == 1 ? outputs[sources[0]] : graph.AddNode("Concat", sources.Select(s => outputs[s]).ToArray(), [OnnxAttribute.Int("axis", 1)]);
        var inputs = new OnnxOperatorInputs(Concat(_block.DenseSources, dense.ToArray()), Concat(_block.SparseSources, sparse.ToArray()),
            dense[_block.Left], dense[_block.Right]);
        var d = dense_op.ExportOnnx(graph, inputs);
        var t = sparse_op.ExportOnnx(graph, inputs);
        var outDense = sparse_to_dense is null ? d : graph.AddNode("Add", [d, sparse_to_dense.ExportOnnx(graph, new OnnxOperatorInputs(d, t))]);
        var outSparse = dense_to_sparse is null ? t
            : graph.AddNode("Concat", [t, dense_to_sparse.ExportOnnx(graph, new OnnxOperatorInputs(d, t))], [OnnxAttribute.Int("axis", 1)]);
        return (outDense, outSparse);
    }
}

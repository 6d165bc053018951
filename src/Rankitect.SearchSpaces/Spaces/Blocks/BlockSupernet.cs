using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>
/// The weight-sharing supernet of a <see cref="BlockSpace"/>: per block one instance of every candidate operator at the
/// space's largest sizes, its input dimension covering every allowed source at that source's largest size, each in
/// its own fixed slice (<see cref="BlockSlicing"/>). Every architecture's weights are slices of these.
/// <para><see cref="SetPath"/> (one-shot training, scoring sub-networks): each block runs only its chosen operators,
/// at the chosen sizes, on the chosen inputs, with weights sliced (differentiably) from the shared ones: exactly the
/// computation of <see cref="ExtractSubnet"/>'s network.</para>
/// <para><see cref="SetGates"/> (DNAS): inputs travel at their largest sizes with zeros where absent; ops are mixed by
/// a gate-weighted sum of their outputs, widths and token counts by gate-weighted prefix masks, optional inputs by
/// scaling each source's slice by its "on" gate (the attention weighs keys by that presence), the interaction
/// modules by their "on" gate. One-hot gates give the same logits as <see cref="SetPath"/>.</para>
/// </summary>
public sealed class BlockSupernet : CtrSupernet
{
    private readonly BlockStem stem;
    private readonly ModuleList<SuperBlock> blocks = new();
    private readonly Linear output;
    private readonly Tensor width_masks;   // [K_w, W_max]
    private readonly Tensor token_masks;   // [K_t, T_max]
    private readonly Dictionary<int, ZerosOp> _zeros = new();
    private IReadOnlyList<Tensor>? _gates;
    private ResolvedBlock[]? _path;
    private BlockSlice[]? _slices;
    private Tensor? _outputColumns;

    /// <summary>Creates the supernet of <paramref name="space"/>.</summary>
    public BlockSupernet(BlockSpace space, string name = "block_supernet") : base(name)
    {
        Space = space ?? throw new ArgumentNullException(nameof(space));
        stem = new BlockStem(space.Shape, space.EmbeddingDim, space.StemWidth);
        for (int i = 0; i < space.BlockCount; i++)
            blocks.Add(new SuperBlock(space, i));
        output = SeededTorch.Linear(BlockSlicing.OutputCarrier(space), 1);
        width_masks = PrefixMasks(space.DenseWidths);
        token_masks = PrefixMasks(space.SparseTokens);
        foreach (var t in space.SparseTokens)
            _zeros[t] = new ZerosOp(t, space.EmbeddingDim);
        RegisterComponents();
    }

    /// <summary>The space this supernet covers.</summary>
    public BlockSpace Space { get; }

    /// <inheritdoc/>
    public override void SetGates(IReadOnlyList<Tensor> gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        var choices = Space.Choices;
        if (gates.Count != choices.Count)
            throw new ArgumentException($"{gates.Count} gates for {choices.Count} choices.", nameof(gates));
        for (int c = 0; c < choices.Count; c++)
            if (gates[c].shape.Length != 1 || gates[c].shape[0] != choices[c].Count)
                throw new ArgumentException($"The gate of {choices[c].Name} has shape [{string.Join(", ", gates[c].shape)}]; expected [{choices[c].Count}].", nameof(gates));
        ClearPath();
        _gates = gates;
    }

    /// <inheritdoc/>
    /// <remarks>Only the chosen operators run, at the chosen sizes (see the class remarks).</remarks>
    public override void SetPath(IReadOnlyList<int> indices)
    {
        var resolved = Space.Resolve(indices);
        ClearPath();
        _gates = null;
        _path = resolved;
        _slices = BlockSlicing.Slices(Space, resolved);
        _outputColumns = tensor(BlockSlicing.OutputColumns(Space, resolved));
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> OutputLayerParameters() => output.parameters().ToArray();

    /// <summary>The fixed network of <paramref name="indices"/> holding this supernet's weights (sliced copies): its
    /// forward pass equals this supernet's after <c>SetPath(indices)</c>.</summary>
    public BlockNetwork ExtractSubnet(IReadOnlyList<int> indices)
    {
        var resolved = Space.Resolve(indices);
        var network = new BlockNetwork(Space, indices);
        var slices = BlockSlicing.Slices(Space, resolved);
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            Copy(stem.parameters().ToArray(), network.Stem.parameters().ToArray());
            for (int i = 0; i < resolved.Length; i++)
            {
                var source = blocks[i].Bind(resolved[i], slices[i], _zeros);
                var target = network.Blocks[i].Operators;
                Copy(source.Dense.Weights, target[0]!.Weights);
                Copy(source.Sparse.Weights, target[1]!.Weights);
                if (source.DenseToSparse is { } d2s) Copy(d2s.Weights, target[2]!.Weights);
                if (source.SparseToDense is { } s2d) Copy(s2d.Weights, target[3]!.Weights);
            }
            using var columns = tensor(BlockSlicing.OutputColumns(Space, resolved));
            Copy([output.weight!.index_select(1, columns), output.bias!], [network.Output.weight!, network.Output.bias!]);
        }
        finally
        {
            foreach (var s in slices) s.Dispose();
        }
        return network;
    }

    /// <inheritdoc/>
    public override Tensor OutputLayerInput(Tensor dense, Tensor ids)
    {
        if (_path is null && _gates is null)
            throw new InvalidOperationException("Set a path (SetPath) or gates (SetGates) before running the supernet.");
        using var scope = NewDisposeScope();
        var (d, s) = stem.Forward(dense, ids);
        var (lastDense, lastSparse) = _path is not null ? PathForward(d, s) : GateForward(d, s, _gates!);
        return BlockPath.OutputInput(lastDense, lastSparse).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Tensor OutputLayer(Tensor input)
    {
        using var scope = NewDisposeScope();
        // A path reads only its own blocks' output columns of the supernet's widest output layer.
        var logits = _path is not null
            ? nn.functional.linear(input, output.weight!.index_select(1, _outputColumns!), output.bias!)
            : output.forward(input);
        return logits.squeeze(-1).MoveToOuterDisposeScope();
    }

    private (Tensor Dense, Tensor Sparse) PathForward(Tensor stemDense, Tensor stemSparse)
    {
        var denseOuts = new List<Tensor> { stemDense };
        var sparseOuts = new List<Tensor> { stemSparse };
        for (int i = 0; i < _path!.Length; i++)
        {
            var bound = blocks[i].Bind(_path[i], _slices![i], _zeros);
            var (d, s) = BlockPath.Run(_path[i], denseOuts, sparseOuts, bound.Dense, bound.Sparse, bound.DenseToSparse, bound.SparseToDense);
            denseOuts.Add(d);
            sparseOuts.Add(s);
        }
        return (denseOuts[^1], sparseOuts[^1]);
    }

    private (Tensor Dense, Tensor Sparse) GateForward(Tensor stemDense, Tensor stemSparse, IReadOnlyList<Tensor> gates)
    {
        var space = Space;
        var one = ones(1, dtype: stemDense.dtype);
        var denseOuts = new List<Tensor> { stemDense };
        var sparseOuts = new List<Tensor> { stemSparse };
        var presence = new List<Tensor> { ones(space.Shape.FieldCount, dtype: stemDense.dtype) };
        for (int i = 0; i < space.BlockCount; i++)
        {
            var c = space.BlockChoices(i);
            var sources = space.Sources(i);
            Tensor On(IReadOnlyDictionary<int, int> optional, int s) => s == i ? one : gates[optional[s]].narrow(0, 1, 1);
            var denseIn = cat(sources.Select(s => denseOuts[s] * On(c.DenseInputs, s)).ToArray(), 1);
            var sparseIn = cat(sources.Select(s => sparseOuts[s] * On(c.SparseInputs, s)).ToArray(), 1);
            var presenceIn = cat(sources.Select(s => presence[s] * On(c.SparseInputs, s)).ToArray(), 0);
            Tensor? Operand(int choice) => choice < 0 ? null
                : cat(sources.Select((s, k) => denseOuts[s] * gates[choice].narrow(0, k, 1)).ToArray(), 1);
            var widthMask = gates[c.Width].unsqueeze(0).mm(width_masks).squeeze(0);   // [W_max]
            var tokenMask = gates[c.Tokens].unsqueeze(0).mm(token_masks).squeeze(0);  // [T_max]
            var inputs = new OperatorInputs(denseIn, sparseIn, Operand(c.Left), Operand(c.Right))
            {
                HiddenMask = widthMask, TokenPresence = presenceIn,
            };
            var (d, s, p) = blocks[i].Mix(inputs, gates, c, space.DenseWidths, widthMask, tokenMask);
            denseOuts.Add(d);
            sparseOuts.Add(s);
            presence.Add(p);
        }
        return (denseOuts[^1], sparseOuts[^1]);
    }

    private static Tensor PrefixMasks(IReadOnlyList<int> sizes)
    {
        int max = sizes.Max();
        var masks = new float[sizes.Count * max];
        for (int k = 0; k < sizes.Count; k++)
            for (int j = 0; j < sizes[k]; j++)
                masks[k * max + j] = 1;
        return tensor(masks).view(sizes.Count, max);
    }

    private static void Copy(IReadOnlyList<Tensor> from, IReadOnlyList<Tensor> to)
    {
        if (from.Count != to.Count)
            throw new InvalidOperationException($"{from.Count} weights for {to.Count} parameters.");
        for (int k = 0; k < from.Count; k++)
        {
            if (!from[k].shape.SequenceEqual(to[k].shape))
                throw new InvalidOperationException($"Weight {k}: slice [{string.Join(", ", from[k].shape)}] for parameter [{string.Join(", ", to[k].shape)}].");
            to[k].copy_(from[k]);
        }
    }

    private void ClearPath()
    {
        if (_slices is not null)
            foreach (var s in _slices) s.Dispose();
        _outputColumns?.Dispose();
        _slices = null;
        _outputColumns = null;
        _path = null;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ClearPath();
            foreach (var z in _zeros.Values) z.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>One block of a <see cref="BlockSupernet"/>: every candidate operator at the space's largest sizes.</summary>
internal sealed class SuperBlock : nn.Module
{
    private readonly ModuleList<BlockOperator> dense_ops = new();
    private readonly ModuleList<BlockOperator> sparse_ops = new();
    private readonly DenseToSparse? dense_to_sparse;
    private readonly SparseToDense? sparse_to_dense;
    private readonly IReadOnlyList<DenseOp> _denseOps;
    private readonly IReadOnlyList<SparseOp> _sparseOps;

    public SuperBlock(BlockSpace space, int index) : base(TorchModule.Named($"b{index}"))
    {
        int dense = BlockSlicing.DenseCarrier(space, index), sparse = BlockSlicing.SparseCarrier(space, index);
        int width = space.DenseWidths[^1], tokens = space.SparseTokens[^1];
        _denseOps = space.DenseOps;
        _sparseOps = space.SparseOps;
        foreach (var op in _denseOps)
            dense_ops.Add(BlockOperators.Dense(space, op, dense, sparse, dense, dense, width));
        foreach (var op in _sparseOps)
            sparse_ops.Add(BlockOperators.Sparse(space, op, sparse, tokens));
        if (space.Options.SearchInteractions)
        {
            dense_to_sparse = new DenseToSparse(width, space.InteractionTokens, space.EmbeddingDim);
            sparse_to_dense = new SparseToDense(space.EmbeddingDim, width);
        }
        RegisterComponents();
    }

    /// <summary>The chosen operators of <paramref name="block"/> bound to their weight slices.</summary>
    public (BoundOperator Dense, BoundOperator Sparse, BoundOperator? DenseToSparse, BoundOperator? SparseToDense) Bind(
        ResolvedBlock block, BlockSlice slice, IReadOnlyDictionary<int, ZerosOp> zeros)
    {
        static BoundOperator Sliced(BlockOperator op, BlockSlice slice) => new(op, op.Slice(slice));
        var denseOp = dense_ops[IndexOf(_denseOps, block.DenseOp)];
        var sparse = block.SparseOp == SparseOp.Zeros
            ? new BoundOperator(zeros[block.Tokens], [])
            : Sliced(sparse_ops[IndexOf(_sparseOps, block.SparseOp)], slice);
        return (Sliced(denseOp, slice), sparse,
            block.DenseToSparse ? Sliced(dense_to_sparse!, slice) : null,
            block.SparseToDense ? Sliced(sparse_to_dense!, slice) : null);
    }

    /// <summary>The gate-mixed block on carriers: (dense [B, W_max], sparse [B, T_max + n, e], token presence [T_max + n]).</summary>
    public (Tensor Dense, Tensor Sparse, Tensor Presence) Mix(OperatorInputs inputs, IReadOnlyList<Tensor> gates, BlockChoiceIndices c,
        IReadOnlyList<int> widths, Tensor widthMask, Tensor tokenMask)
    {
        Tensor? d = null;
        var opGates = gates[c.DenseOp];
        for (int k = 0; k < dense_ops.Count; k++)
        {
            // FC normalizes over its own width, so it mixes its widths itself; the others are masked to the width.
            var output = dense_ops[k] is FcOp fc ? fc.MixWidths(inputs.Dense, widths, gates[c.Width]) : dense_ops[k].Forward(inputs) * widthMask;
            var term = output * opGates[k];
            d = d is null ? term : d.add(term, One);
        }
        Tensor? s = null;
        var sparseGates = gates[c.SparseOp];
        var tokenColumn = tokenMask.unsqueeze(-1);
        for (int k = 0; k < sparse_ops.Count; k++)
        {
            if (_sparseOps[k] == SparseOp.Zeros)
                continue; // contributes zeros
            var term = sparse_ops[k].Forward(inputs) * tokenColumn * sparseGates[k];
            s = s is null ? term : s.add(term, One);
        }
        s ??= zeros(inputs.Sparse.shape[0], tokenMask.shape[0], inputs.Sparse.shape[2], dtype: inputs.Sparse.dtype);
        if (dense_to_sparse is null || sparse_to_dense is null)
            return (d!, s, tokenMask);
        var d2sGate = gates[c.DenseToSparse].narrow(0, 1, 1);
        var s2dGate = gates[c.SparseToDense].narrow(0, 1, 1);
        var opOutputs = new OperatorInputs(d!, s);
        var dense = d!.add(sparse_to_dense.Forward(opOutputs) * widthMask * s2dGate, One);
        var appended = dense_to_sparse.Forward(opOutputs) * d2sGate;
        var sparse = cat(new[] { s, appended }, 1);
        var presence = cat(new[] { tokenMask, d2sGate.expand(appended.shape[1]) }, 0);
        return (dense, sparse, presence);
    }

    private static int IndexOf<T>(IReadOnlyList<T> list, T value)
    {
        for (int k = 0; k < list.Count; k++)
            if (EqualityComparer<T>.Default.Equals(list[k], value))
                return k;
        throw new ArgumentException($"{value} is not a candidate.");
    }
}

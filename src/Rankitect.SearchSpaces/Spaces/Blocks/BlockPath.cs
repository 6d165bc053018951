using static TorchSharp.torch;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>An operator with the weights it runs with: its own (fixed network) or slices of the supernet's.</summary>
internal readonly record struct BoundOperator(BlockOperator Op, IReadOnlyList<Tensor> Weights)
{
    public Tensor Apply(OperatorInputs inputs) => Op.Apply(inputs, Weights);
}

/// <summary>
/// One block of one architecture at its own sizes, written once for the fixed network and the supernet's single path.
/// The dense op output d and the sparse op output s are computed from the block's inputs; then the block writes
/// dense = d + sparse_to_dense(s) and sparse = concat(s, dense_to_sparse(d)) (each module only when on), so the two
/// interaction modules read the op outputs, never each other.
/// </summary>
internal static class BlockPath
{
    /// <summary>Runs block <paramref name="block"/> on the outputs so far (<paramref name="dense"/>[source],
    /// <paramref name="sparse"/>[source], source 0 = stem).</summary>
    public static (Tensor Dense, Tensor Sparse) Run(ResolvedBlock block, IReadOnlyList<Tensor> dense, IReadOnlyList<Tensor> sparse,
        BoundOperator denseOp, BoundOperator sparseOp, BoundOperator? denseToSparse, BoundOperator? sparseToDense)
    {
        var denseInput = Concat(block.DenseSources.Select(s => dense[s]).ToArray(), 1);
        var sparseInput = Concat(block.SparseSources.Select(s => sparse[s]).ToArray(), 1);
        var inputs = new OperatorInputs(denseInput, sparseInput, dense[block.Left], dense[block.Right]);
        var d = denseOp.Apply(inputs);
        var t = sparseOp.Apply(inputs);
        var outDense = sparseToDense is { } s2d ? d.add(s2d.Apply(new OperatorInputs(d, t)), One) : d;
        var outSparse = denseToSparse is { } d2s ? cat(new[] { t, d2s.Apply(new OperatorInputs(d, t)) }, 1) : t;
        return (outDense, outSparse);
    }

    /// <summary>The output layer's input: concat(last dense, flatten(last sparse)).</summary>
    public static Tensor OutputInput(Tensor dense, Tensor sparse) => cat(new[] { dense, sparse.flatten(1) }, 1);

    private static Tensor Concat(Tensor[] parts, long dim) => parts.Length == 1 ? parts[0] : cat(parts, dim);
}

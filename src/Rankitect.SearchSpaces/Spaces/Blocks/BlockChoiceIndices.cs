namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>
/// Where block i's choices sit in <see cref="BlockSpace.Choices"/> (indices into the choice list, -1 when the space
/// has no such choice). Sources are numbered 0 = stem, j + 1 = block j.
/// </summary>
/// <param name="DenseOp">Index of <c>b{i}.dense_op</c>.</param>
/// <param name="SparseOp">Index of <c>b{i}.sparse_op</c>.</param>
/// <param name="Width">Index of <c>b{i}.width</c>.</param>
/// <param name="Tokens">Index of <c>b{i}.tokens</c>.</param>
/// <param name="DenseToSparse">Index of <c>b{i}.dense_to_sparse</c> (off/on), or -1 when interactions are not searched.</param>
/// <param name="SparseToDense">Index of <c>b{i}.sparse_to_dense</c> (off/on), or -1 when interactions are not searched.</param>
/// <param name="DenseInputs">Source id -> index of <c>b{i}.dense_in.{source}</c> (off/on), for every allowed source but the predecessor.</param>
/// <param name="SparseInputs">Source id -> index of <c>b{i}.sparse_in.{source}</c> (off/on).</param>
/// <param name="Left">Index of <c>b{i}.left</c> (a source), or -1 when no binary dense op is a candidate.</param>
/// <param name="Right">Index of <c>b{i}.right</c>, or -1 when no binary dense op is a candidate.</param>
public sealed record BlockChoiceIndices(
    int DenseOp, int SparseOp, int Width, int Tokens, int DenseToSparse, int SparseToDense,
    IReadOnlyDictionary<int, int> DenseInputs, IReadOnlyDictionary<int, int> SparseInputs, int Left, int Right);

/// <summary>Block i of an architecture with every choice resolved to a value; sources as ids (0 = stem, j + 1 = block j).</summary>
internal sealed record ResolvedBlock(
    int Index, DenseOp DenseOp, SparseOp SparseOp, int Width, int Tokens, bool DenseToSparse, bool SparseToDense,
    int[] DenseSources, int[] SparseSources, int Left, int Right);

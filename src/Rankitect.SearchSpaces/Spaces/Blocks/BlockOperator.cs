using Rankitect.SearchSpaces.Export;
using Rankitect.SearchSpaces.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>
/// One operator of a block (dense op, sparse op or interaction module), written once as a function of its weights
/// (<see cref="Apply"/>): the fixed network applies it to its own weights; the supernet applies the same function to
/// slices of its maximum-size weights (<see cref="Slice"/>), which is how a supernet path and the extracted
/// sub-network compute the same thing. <see cref="Weights"/> and <see cref="Slice"/> list tensors in one order.
/// </summary>
internal abstract class BlockOperator : nn.Module
{
    protected BlockOperator(string name) : base(TorchModule.Named(name))
    {
    }

    /// <summary>The operator's parameters, in the order <see cref="Apply"/> reads them.</summary>
    public abstract IReadOnlyList<Tensor> Weights { get; }

    /// <summary>From this (maximum-size) operator's weights, the weights of the operator at the sizes and inputs of
    /// <paramref name="slice"/>, shaped like that operator's <see cref="Weights"/>; differentiable (index_select).</summary>
    public abstract Tensor[] Slice(BlockSlice slice);

    /// <summary>The operator's output for <paramref name="inputs"/> with <paramref name="weights"/>.</summary>
    public abstract Tensor Apply(OperatorInputs inputs, IReadOnlyList<Tensor> weights);

    /// <summary>The operator's output with its own weights.</summary>
    public Tensor Forward(OperatorInputs inputs) => Apply(inputs, Weights);

    /// <summary>Adds the nodes of <see cref="Forward"/> and returns its output's name.</summary>
    public abstract string ExportOnnx(IOnnxGraphBuilder graph, OnnxOperatorInputs inputs);
}

/// <summary>What a block operator reads. The masks are set only by the supernet's gate mode, where inputs travel at
/// their maximum sizes: <see cref="HiddenMask"/> [W] the soft width mask applied inside binary ops,
/// <see cref="TokenPresence"/> [T] how present each input token is (the attention ignores absent ones).</summary>
internal sealed record OperatorInputs(Tensor Dense, Tensor Sparse, Tensor? Left = null, Tensor? Right = null)
{
    public Tensor? HiddenMask { get; init; }

    public Tensor? TokenPresence { get; init; }
}

/// <summary>Names of an operator's inputs in an ONNX graph.</summary>
internal sealed record OnnxOperatorInputs(string Dense, string Sparse, string? Left = null, string? Right = null);

/// <summary>Per block, how the supernet's maximum-size weights are cut to one architecture: the columns of the dense
/// input carrier that are present (in the fixed network's order), likewise the token slots of the sparse input
/// carrier, the columns of the left and right operands, and the chosen width and token count.</summary>
internal sealed class BlockSlice : IDisposable
{
    public BlockSlice(long[] denseColumns, long[] sparseSlots, long[] leftColumns, long[] rightColumns, int width, int tokens)
    {
        DenseColumns = tensor(denseColumns);
        SparseSlots = tensor(sparseSlots);
        LeftColumns = tensor(leftColumns);
        RightColumns = tensor(rightColumns);
        Width = width;
        Tokens = tokens;
    }

    public Tensor DenseColumns { get; }
    public Tensor SparseSlots { get; }
    public Tensor LeftColumns { get; }
    public Tensor RightColumns { get; }
    public int Width { get; }
    public int Tokens { get; }

    public void Dispose()
    {
        DenseColumns.Dispose();
        SparseSlots.Dispose();
        LeftColumns.Dispose();
        RightColumns.Dispose();
    }
}

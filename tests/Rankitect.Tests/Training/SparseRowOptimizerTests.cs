using Rankitect.SearchSpaces.Modules;
using Rankitect.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rankitect.Tests.Training;

public class SparseRowOptimizerTests
{
    public SparseRowOptimizerTests() => Rankitect.Native.TorchRuntime.EnsureLoaded();

    // Three steps of loss = sum((rows * target)) over lookups with repeated ids, applied by the sparse optimizer and by
    // TorchSharp's dense optimizer on an identical table.
    private static (float[] Sparse, float[] Dense, float[] Initial) Run(OptimizerKind kind, double lr)
    {
        using var scope = NewDisposeScope();
        var (initial, target) = SeededTorch.Create(3, () => (randn(6, 3), randn(4, 3)));
        var batches = new[] { new long[] { 0, 2, 2, 5 }, new long[] { 1, 2, 0, 0 }, new long[] { 5, 5, 5, 2 } };

        using var table = new SparseEmbeddingTable(6, 3);
        using (no_grad()) table.Weight.copy_(initial);
        table.train();
        using var sparse = new SparseRowOptimizer(new[] { table }, kind, lr, l2: 0);

        var denseWeight = new Parameter(initial.clone());
        optim.Optimizer dense = kind switch
        {
            OptimizerKind.Adagrad => optim.Adagrad(new[] { denseWeight }, lr),
            OptimizerKind.Sgd => optim.SGD(new[] { denseWeight }, lr),
            _ => optim.Adam(new[] { denseWeight }, lr),
        };

        foreach (var ids in batches)
        {
            var idTensor = tensor(ids);
            sparse.ZeroGrad();
            (table.forward(idTensor) * target).square().sum().backward();
            sparse.Step();

            dense.zero_grad();
            (denseWeight.index_select(0, idTensor) * target).square().sum().backward();
            dense.step();
        }
        return (table.Weight.data<float>().ToArray(), denseWeight.data<float>().ToArray(), initial.data<float>().ToArray());
    }

    [Theory]
    [InlineData(OptimizerKind.Adagrad, 0.1)]
    [InlineData(OptimizerKind.Sgd, 0.05)]
    public void MatchesTheDenseOptimizerExactly(OptimizerKind kind, double lr)
    {
        var (sparse, dense, initial) = Run(kind, lr);
        Assert.NotEqual(initial, sparse);
        for (int i = 0; i < sparse.Length; i++)
            Assert.Equal(dense[i], sparse[i], 5);
    }

    [Fact]
    public void LazyAdamLeavesUnseenRowsAloneAndMatchesAdamOnRowsSeenEveryStep()
    {
        var (sparse, dense, initial) = Run(OptimizerKind.Adam, 0.01);
        // Row 3 never appears: unchanged. Row 2 appears in every batch: lazy Adam equals dense Adam on it.
        Assert.Equal(initial.AsSpan(9, 3).ToArray(), sparse.AsSpan(9, 3).ToArray());
        for (int i = 6; i < 9; i++)
            Assert.Equal(dense[i], sparse[i], 5);
        Assert.NotEqual(initial.AsSpan(0, 3).ToArray(), sparse.AsSpan(0, 3).ToArray());
    }
}

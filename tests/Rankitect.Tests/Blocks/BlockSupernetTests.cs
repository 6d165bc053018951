using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Blocks;
using Rankitect.SearchSpaces.Modules;
using TorchSharp;
using Xunit.Abstractions;
using static Rankitect.Tests.Blocks.BlockTestSpaces;
using static TorchSharp.torch;

namespace Rankitect.Tests.Blocks;

public class BlockSupernetTests
{
    private readonly ITestOutputHelper _output;

    public BlockSupernetTests(ITestOutputHelper output)
    {
        _output = output;
        Rankitect.Native.TorchRuntime.EnsureLoaded();
    }

    private static (Tensor Dense, Tensor Ids) Batch(int denseWidth, int rows = 16, int seed = 4)
    {
        var generator = new Generator((ulong)seed);
        using var three = 3.ToScalar();
        var dense = randn(rows, denseWidth, generator: generator).mul(three).exp();
        var ids = stack(Cardinalities.Select(c => randint(c, rows, generator: generator)).ToArray(), 1);
        return (dense, ids);
    }

    private static float[] Logits(CtrModule model, Tensor dense, Tensor ids)
    {
        model.eval();
        using var noGrad = no_grad();
        using var logits = model.forward(dense, ids);
        return logits.data<float>().ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        double error = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
        Assert.True(error <= tolerance * Math.Max(1, expected.Max(Math.Abs)), $"max |difference| {error:E2}");
    }

    private static Tensor[] OneHot(BlockSpace space, IReadOnlyList<int> indices)
        => space.Choices.Select((c, i) => { var g = zeros(c.Count); g[indices[i]] = 1f; return g; }).ToArray();

    public static TheoryData<int> DenseWidths => new() { 3, 0 };

    [Theory]
    [MemberData(nameof(DenseWidths))]
    public void PathEqualsTheExtractedSubnetAndOneHotGates(int denseWidth)
    {
        var space = new BlockSpace(Shape(denseWidth), TinyFull(6));
        using var supernet = (BlockSupernet)SeededTorch.Create(1, space.CreateSupernet);
        CtrTestPerturb(supernet);
        var (dense, ids) = Batch(denseWidth);
        var random = new Random(3);
        var architectures = new List<int[]> { AllOperators(space) };
        for (int n = 0; n < 3; n++) architectures.Add(space.Sample(random));
        foreach (var indices in architectures)
        {
            supernet.SetPath(indices);
            var path = Logits(supernet, dense, ids);
            using var subnet = supernet.ExtractSubnet(indices);
            AssertClose(path, Logits(subnet, dense, ids));
            Assert.Equal(space.CostOf(indices).Parameters, subnet.ParameterCount);
            var gates = OneHot(space, indices);
            supernet.SetGates(gates);
            AssertClose(path, Logits(supernet, dense, ids));
            foreach (var g in gates) g.Dispose();
        }
        // Different paths through the same weights must give different logits, or the equalities prove little.
        var firsts = architectures.Select(a => { supernet.SetPath(a); return Logits(supernet, dense, ids)[0]; });
        Assert.True(firsts.Distinct().Count() > 1);
    }

    [Fact]
    public void UniformGatesGiveEveryOperatorAGradient()
    {
        var space = new BlockSpace(Shape(), TinyFull(3));
        using var supernet = (BlockSupernet)SeededTorch.Create(2, space.CreateSupernet);
        var gates = space.Choices.Select(c => { using var weight = (1.0f / c.Count).ToScalar(); return full(c.Count, weight).requires_grad_(true); }).ToArray();
        supernet.SetGates(gates);
        supernet.train();
        var (dense, ids) = Batch(3);
        using (var scope = NewDisposeScope())
        {
            var loss = nn.functional.binary_cross_entropy_with_logits(supernet.forward(dense, ids), ones(16));
            loss.backward();
        }
        var table = supernet.modules().OfType<SparseEmbeddingTable>().Single();
        var missing = supernet.named_parameters()
            .Where(p => !ReferenceEquals(p.parameter, table.Weight))
            .Where(p => p.parameter.grad is null || p.parameter.grad.abs().max().item<float>() == 0)
            .Select(p => p.name).ToList();
        Assert.True(missing.Count == 0, "No gradient: " + string.Join(", ", missing));
        // The embeddings learn through their looked-up rows (sparse row updates), the gates through the mix.
        Assert.Contains(table.PendingLookups, l => l.Rows.grad is not null && l.Rows.grad.abs().max().item<float>() > 0);
        Assert.All(gates, g => Assert.NotNull(g.grad));
        table.ClearPending();
        _output.WriteLine($"{supernet.named_parameters().Count()} parameter tensors, {supernet.ParameterCount:N0} parameters");
    }

    [Fact]
    public void PathTrainingUpdatesTheSharedWeights()
    {
        var space = new BlockSpace(Shape(), TinyFull(3));
        using var supernet = (BlockSupernet)SeededTorch.Create(2, space.CreateSupernet);
        var indices = AllOperators(space);
        supernet.SetPath(indices);
        supernet.train();
        var (dense, ids) = Batch(3);
        using (var scope = NewDisposeScope())
            nn.functional.binary_cross_entropy_with_logits(supernet.forward(dense, ids), ones(16)).backward();
        Assert.Single(supernet.OutputLayerParameters(), p => p.shape.Length == 2);
        Assert.True(supernet.OutputLayerParameters()[0].grad!.abs().sum().item<float>() > 0);
        foreach (var table in supernet.modules().OfType<SparseEmbeddingTable>()) table.ClearPending();
    }

    private static void CtrTestPerturb(CtrModule model) => Rankitect.Tests.Export.CtrTestInputs.Perturb(model, seed: 9);
}

using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Tests.Export;
using static TorchSharp.torch;

namespace Rankitect.Tests.Spaces;

/// <summary>The DLRM space seen through <see cref="IArchitectureSpace"/>, the interface every strategy uses.</summary>
public class DlrmArchitectureSpaceTests
{
    private static readonly CtrFeatureShape Shape = new(3, new[] { 20, 7, 40 });
    private static readonly DlrmSpaceOptions Tiny = new() { BottomLayers = 2, TopLayers = 2, LayerWidths = new[] { 8, 16 }, InteractionWidth = 4 };

    private static IArchitectureSpace Space => new DlrmSpace(Shape, Tiny);

    // The tiny space with the first-order term searched.
    private static IArchitectureSpace WithFirstOrder => new DlrmSpace(Shape, Tiny with { FirstOrder = new[] { false, true } });

    public static TheoryData<bool> FirstOrderSearched => new(false, true);

    [Fact]
    public void SamplesAreValidAndRoundTripThroughJson()
    {
        var space = Space;
        var random = new Random(5);
        for (int i = 0; i < 30; i++)
        {
            var indices = space.Sample(random);
            Assert.Empty(space.Check(indices));
            Assert.Equal(indices, space.FromJson(space.ToJson(indices)));
            Assert.False(string.IsNullOrWhiteSpace(space.Describe(indices)));
        }
        Assert.Equal(space.Sample(new Random(9)), space.Sample(new Random(9)));
    }

    [Fact]
    public void CheckAndFromJsonNameTheProblem()
    {
        var space = Space;
        var tooShort = space.Check(new[] { 0, 1 });
        Assert.Contains(tooShort, e => e.Contains($"2 indices for {space.Choices.Count} choices"));
        var indices = space.Sample(new Random(1));
        indices[0] = 99;
        Assert.Contains(space.Check(indices), e => e.Contains("bottom.0") && e.Contains("99"));
        Assert.Throws<ArgumentException>(() => space.CostOf(indices));
        var error = Assert.Throws<ArgumentException>(() => space.FromJson("{ not json"));
        Assert.Contains("not a DLRM architecture", error.Message);
    }

    [Theory]
    [MemberData(nameof(FirstOrderSearched))]
    public void ExactCostIsTheCostModelsAndTheBuiltNetworksParameterCount(bool firstOrder)
    {
        var space = (DlrmSpace)(firstOrder ? WithFirstOrder : Space);
        var random = new Random(2);
        for (int i = 0; i < 20; i++)
        {
            var indices = ((IArchitectureSpace)space).Sample(random);
            var cost = space.CostOf(indices);
            Assert.Equal(new DlrmCostModel(space).Estimate(space.Decode(indices)), cost);
            using var network = space.Build((IReadOnlyList<int>)indices);
            Assert.Equal(cost.Parameters, network.ParameterCount);
        }
    }

    [Fact]
    public void TheFirstOrderTermCostsOneFlopPerFieldAndTwoPerDenseInput()
    {
        var space = (DlrmSpace)WithFirstOrder;
        var off = space.Decode(new int[space.Choices.Count]);
        var on = off with { FirstOrder = true };
        var model = new DlrmCostModel(space);
        var (a, b) = (model.Estimate(off), model.Estimate(on));
        Assert.Equal(Shape.FieldCount + 2 * Shape.DenseWidth, b.Flops - a.Flops);
        Assert.Equal(Shape.Cardinalities.Sum() + Shape.DenseWidth, b.Parameters - a.Parameters);
        Assert.Equal(Shape.Cardinalities.Sum(), b.EmbeddingRows - a.EmbeddingRows);
        Assert.False(space.Decode(space.CheapestArchitecture()).FirstOrder); // the term costs FLOPs
    }

    [Theory]
    [MemberData(nameof(FirstOrderSearched))]
    public void SupernetPathEqualsOneHotGates(bool firstOrder)
    {
        var space = firstOrder ? WithFirstOrder : Space;
        using var supernet = SeededTorch.Create(1, space.CreateSupernet);
        supernet.eval();
        using var scope = NewDisposeScope();
        var dense = rand(6, 3);
        var ids = stack(Shape.Cardinalities.Select(c => randint(0, c, 6, dtype: ScalarType.Int64)).ToArray(), 1);
        var indices = space.Sample(new Random(4));
        if (firstOrder)
        {
            indices[^1] = 1; // on
            CtrTestInputs.Perturb(supernet, seed: 3); // the term starts at zero
        }
        supernet.SetPath(indices);
        var byPath = supernet.forward(dense, ids);
        var gates = space.Choices.Select((c, i) => { var g = zeros(c.Count); g[indices[i]] = 1f; return g; }).ToArray();
        supernet.SetGates(gates);
        var byGates = supernet.forward(dense, ids);
        Assert.True(byPath.allclose(byGates, rtol: 0, atol: 1e-6));
        Assert.NotEmpty(supernet.OutputLayerParameters());
    }
}

using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using static TorchSharp.torch;

namespace Rankitect.Tests.Spaces;

/// <summary>The DLRM space seen through <see cref="IArchitectureSpace"/>, the interface every strategy uses.</summary>
public class DlrmArchitectureSpaceTests
{
    private static readonly CtrFeatureShape Shape = new(3, new[] { 20, 7, 40 });
    private static readonly DlrmSpaceOptions Tiny = new() { BottomLayers = 2, TopLayers = 2, LayerWidths = new[] { 8, 16 }, InteractionWidth = 4 };

    private static IArchitectureSpace Space => new DlrmSpace(Shape, Tiny);

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

    [Fact]
    public void ExactCostIsTheCostModelsAndTheBuiltNetworksParameterCount()
    {
        var space = (DlrmSpace)Space;
        var random = new Random(2);
        for (int i = 0; i < 10; i++)
        {
            var indices = ((IArchitectureSpace)space).Sample(random);
            var cost = space.CostOf(indices);
            Assert.Equal(new DlrmCostModel(space).Estimate(space.Decode(indices)), cost);
            using var network = space.Build((IReadOnlyList<int>)indices);
            Assert.Equal(cost.Parameters, network.ParameterCount);
        }
    }

    [Fact]
    public void SupernetPathEqualsOneHotGates()
    {
        var space = Space;
        using var supernet = SeededTorch.Create(1, space.CreateSupernet);
        supernet.eval();
        using var scope = NewDisposeScope();
        var dense = rand(6, 3);
        var ids = stack(Shape.Cardinalities.Select(c => randint(0, c, 6, dtype: ScalarType.Int64)).ToArray(), 1);
        var indices = space.Sample(new Random(4));
        supernet.SetPath(indices);
        var byPath = supernet.forward(dense, ids);
        var gates = space.Choices.Select((c, i) => { var g = zeros(c.Count); g[indices[i]] = 1f; return g; }).ToArray();
        supernet.SetGates(gates);
        var byGates = supernet.forward(dense, ids);
        Assert.True(byPath.allclose(byGates, rtol: 0, atol: 1e-6));
        Assert.NotEmpty(supernet.OutputLayerParameters());
    }
}

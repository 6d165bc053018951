using Rankitect.Native;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Cost;
using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Strategies;
using static TorchSharp.torch;

namespace Rankitect.Tests.Baselines;

public class DcnV2Tests
{
    [Theory]
    [InlineData(3, new[] { 10, 4 })]
    [InlineData(0, new[] { 10, 4, 7 })]
    public void ForwardGivesOneLogitPerRowThroughTwoCrossLayers(int dense, int[] cardinalities)
    {
        TorchRuntime.EnsureLoaded();
        set_num_threads(1);
        var space = new DlrmSpace(new CtrFeatureShape(dense, cardinalities));
        var architecture = DlrmSpace.DcnV2(space);
        using var model = SeededTorch.Create(1, () => space.Build(architecture));
        using var scope = NewDisposeScope();
        var ids = cat(cardinalities.Select(c => randint(0, c, new long[] { 7, 1 })).ToArray(), 1);
        var logits = model.forward(rand(7, dense), ids);

        Assert.Equal(new long[] { 7 }, logits.shape);
        Assert.False(logits.isnan().any().item<bool>());
        var cross = Assert.Single(model.modules().OfType<CrossNetwork>());
        int vectors = cardinalities.Length + (dense > 0 ? 1 : 0);
        Assert.Equal(vectors * 16, cross.Width);
        Assert.Equal(4, cross.parameters().Count()); // two layers, each W and b
        Assert.Equal(model.ParameterCount, new DlrmCostModel(space).Estimate(architecture).Parameters);
    }

    [Fact]
    public void FlopsMatchAHandCount()
    {
        // Dense 3 -> 16 (the one bottom layer): 96 FLOPs, 64 params. Fields of 10 and 4 rows at dim 16: 224 params, each
        // projected 16 -> 16: 2 x (512 FLOPs, 256 params). x0 = 3 vectors x 16 = 48 wide; two cross layers, each
        // 2*48*48 + 2*48 = 4,704 FLOPs and 48*48 + 48 = 2,352 params. Top 48 -> 128 -> 64: 12,288 + 16,384 FLOPs,
        // 6,272 + 8,256 params; logit 64 -> 1: 128 FLOPs, 65 params.
        var space = new DlrmSpace(new CtrFeatureShape(3, new[] { 10, 4 }));
        var cost = new DlrmCostModel(space).Estimate(DlrmSpace.DcnV2(space));
        Assert.Equal(new ArchitectureCost(39_328, 20_097, 14, 14 * 16 * sizeof(float)), cost);
    }

    [Fact]
    public void IsTheHandDesignedDlrmWithTheCrossInteractionAndNoHiddenBottom()
    {
        var space = new DlrmSpace(new CtrFeatureShape(13, Enumerable.Repeat(100, 26).ToArray()));
        var dcn = DlrmSpace.DcnV2(space);
        var dlrm = DlrmSpace.HandDesigned(space);
        Assert.Equal(dlrm with { Interaction = InteractionOp.Cross, BottomWidths = [0, 0, 0] }, dcn);
        Assert.Equal("fixed-dcn-v2", FixedArchitectureStrategy.DcnV2().Name);
        var error = Assert.Throws<ArgumentException>(() => DlrmSpace.DcnV2(new DlrmSpace(space.Shape, new DlrmSpaceOptions { Interactions = [InteractionOp.Dot] })));
        Assert.Contains("DCN-v2", error.Message);
    }
}

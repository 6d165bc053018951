using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Blocks;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Tests.Blocks;

namespace Rankitect.Tests.Cost;

/// <summary>The cheapest architecture a space reports is the one with the fewest FLOPs: checked against every
/// architecture of small spaces, and against samples of the default ones.</summary>
public class CheapestArchitectureTests
{
    private static long MinimumByEnumeration(IHasCost space)
    {
        var counts = space.Choices.Select(c => c.Count).ToArray();
        var indices = new int[counts.Length];
        long best = long.MaxValue;
        while (true)
        {
            best = Math.Min(best, space.CostOf(indices).Flops);
            int c = 0;
            while (c < counts.Length && ++indices[c] == counts[c])
                indices[c++] = 0;
            if (c == counts.Length)
                return best;
        }
    }

    [Theory]
    [InlineData(50, true)]  // wide dense input: a narrow bottom layer costs less than skipping it
    [InlineData(3, true)]
    [InlineData(0, true)]   // no bottom MLP
    [InlineData(50, false)] // no skip: every layer kept
    public void The_dlrm_spaces_cheapest_is_the_minimum_over_all_its_architectures(int denseWidth, bool allowSkip)
    {
        var space = new DlrmSpace(new CtrFeatureShape(denseWidth, [5, 9, 3]), new DlrmSpaceOptions
        {
            BottomLayers = 2, TopLayers = 2, LayerWidths = [2, 8, 64], AllowSkip = allowSkip, EmbeddingDims = [2, 4],
            RowFractions = [1.0, 0.5], Interactions = [InteractionOp.Dot, InteractionOp.Concat, InteractionOp.FactorizationMachine, InteractionOp.Cross],
            InteractionWidth = 4, CrossLayers = 1,
        });
        Assert.Equal(MinimumByEnumeration(space), space.CostOf(space.CheapestArchitecture()).Flops);
    }

    [Theory]
    [InlineData(3, 5)] // a stem narrower than every block width: the stem is the cheapest operand
    [InlineData(3, 9)]
    [InlineData(0, 5)] // no dense inputs: the stem projects the embeddings
    public void The_block_spaces_cheapest_is_the_minimum_over_all_its_architectures(int denseWidth, int stemWidth)
    {
        var space = new BlockSpace(BlockTestSpaces.Shape(denseWidth), BlockTestSpaces.TinyFull(blocks: 2) with
        {
            DenseOps = [DenseOp.Fc, DenseOp.Gating, DenseOp.Cross], SparseOps = [SparseOp.Efc, SparseOp.Zeros], DenseWidths = [6, 8],
            StemWidth = stemWidth,
        });
        Assert.Equal(MinimumByEnumeration(space), space.CostOf(space.CheapestArchitecture()).Flops);
    }

    [Fact]
    public void No_sampled_architecture_of_the_default_spaces_is_cheaper()
    {
        var shape = new CtrFeatureShape(13, Enumerable.Range(0, 26).Select(f => 10 + f).ToArray());
        var spaces = new IArchitectureSpace[] { new DlrmSpace(shape), new BlockSpace(shape, BlockSpaceOptions.Small), new BlockSpace(shape, BlockSpaceOptions.Full) };
        var random = new Random(7);
        foreach (var space in spaces)
        {
            long cheapest = space.CostOf(((IHasCheapestArchitecture)space).CheapestArchitecture()).Flops;
            for (int i = 0; i < 2_000; i++)
                Assert.True(space.CostOf(space.Sample(random)).Flops >= cheapest, space.Name);
        }
    }
}

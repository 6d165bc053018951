using Rankitect.Experiment;
using Microsoft.ML;

namespace Rankitect.Tests.MLNet;

public class ContextSeedTests
{
    [Fact]
    public void TheSameMLContextSeedGivesTheSameRankitectSeed()
    {
        Assert.Equal(ContextSeed.Draw(new MLContext(7)), ContextSeed.Draw(new MLContext(7)));
        Assert.NotEqual(ContextSeed.Draw(new MLContext(7)), ContextSeed.Draw(new MLContext(8)));
        Assert.InRange(ContextSeed.Draw(new MLContext(7)), 0, int.MaxValue);
    }
}

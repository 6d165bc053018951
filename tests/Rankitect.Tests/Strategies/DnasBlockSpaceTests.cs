using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Blocks;
using Microsoft.ML;
using Rankitect.Experiment;
using Rankitect.Strategies.Dnas;
using Rankitect.Tests.Training;
using Rankitect.Training;
using Xunit.Abstractions;

namespace Rankitect.Tests.Strategies;

/// <summary>DNAS on the block space: the same strategy code as on the DLRM space, through <see cref="IArchitectureSpace"/>.</summary>
public class DnasBlockSpaceTests(TrainingTestData fixture, ITestOutputHelper output) : IClassFixture<TrainingTestData>
{
    private BlockSpace Space(BlockSpaceOptions preset) => new(new CtrFeatureShape(fixture.Data.Schema.DenseWidth, fixture.Data.Schema.Cardinalities),
        preset with { Blocks = 3, DenseWidths = new[] { 8, 16, 32 }, SparseTokens = new[] { 4, 8 }, EmbeddingDim = 8, AttentionFfnWidth = 16 });

    private ExperimentResult Run(BlockSpace space, double costWeight) => new MLContext(2).Ranking().CreateExperiment()
        .SetDataset(fixture.Data)
        .SetSearchSpace(_ => space)
        .SetStrategy(new DnasStrategy(new DnasOptions { WarmupEpochs = 1, SearchEpochs = 2, BatchSize = 512, ThetaLearningRate = 0.1, WeightLearningRate = 0.003 }))
        .SetObjective(costWeight)
        .SetTraining(new CtrTrainingOptions { MaxEpochs = 1, BatchSize = 512 })
        .SetTrainingSearch(new TrainingSearchOptions { Trials = 0 })
        .SetSeed(2)
        .SetThreads(2)
        .RunAsync().GetAwaiter().GetResult();

    [Fact]
    public void SearchesTheSmallBlockSpaceAndRetrainsAValidArchitecture()
    {
        var space = Space(BlockSpaceOptions.Small);
        using var result = Run(space, 0.003);
        output.WriteLine($"{result.Architecture}: {result.Cost.Flops:N0} FLOPs, NE {result.Validation.NormalizedEntropy:F4}");
        Assert.Empty(space.Check(result.BestTrial.Indices));
        Assert.Equal(space.CostOf(result.BestTrial.Indices), result.Cost);
        Assert.Equal(result.Cost.Parameters, result.Model.ParameterCount);
        Assert.Equal(result.BestTrial.Indices, space.FromJson(result.ArchitectureJson));
        Assert.True(result.Validation.NormalizedEntropy < 1.0, $"NE {result.Validation.NormalizedEntropy:F4}");
        Assert.Equal(space.Choices.Count, result.History[^1].Probabilities.Count);
    }

    [Fact]
    public void TheCostTermPullsTheFullSpaceTowardsFewerFlops()
    {
        var space = Space(BlockSpaceOptions.Full);
        using var free = Run(space, 0);
        using var tight = Run(space, 1.0);
        output.WriteLine($"cost weight 0: {free.Cost.Flops:N0} FLOPs ({free.Architecture}); cost weight 1: {tight.Cost.Flops:N0} FLOPs ({tight.Architecture})");
        Assert.True(tight.Cost.Flops < free.Cost.Flops, $"{tight.Cost.Flops} vs {free.Cost.Flops}");
        Assert.True(tight.History[^1].ExpectedFlops < free.History[^1].ExpectedFlops);
    }
}

using Rankitect.Data;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Tests.Training;
using Rankitect.Training;
using static TorchSharp.torch;

namespace Rankitect.Tests.Spaces;

public class SearchedDlrmTests : IClassFixture<TrainingTestData>
{
    private readonly TrainingTestData _fixture;

    public SearchedDlrmTests(TrainingTestData fixture) => _fixture = fixture;

    private PreparedCtrData Data => _fixture.Data;

    private DlrmSpace Space => new(new CtrFeatureShape(Data.Schema.DenseWidth, Data.Schema.Cardinalities));

    [Fact]
    public void EveryInteractionRunsForwardWithTheRightShape()
    {
        var space = Space;
        var arch = space.Sample(new Random(2));
        foreach (var op in space.InteractionCandidates)
        {
            using var model = SeededTorch.Create(1, () => space.Build(arch with { Interaction = op }));
            using var scope = NewDisposeScope();
            var dense = rand(5, Data.Schema.DenseWidth);
            var ids = Data.Schema.Cardinalities.Select(c => randint(0, c, new long[] { 5, 1 })).ToArray();
            var logits = model.forward(dense, cat(ids, 1));
            Assert.Equal(new long[] { 5 }, logits.shape);
            Assert.False(logits.isnan().any().item<bool>());
        }
    }

    [Fact]
    public void SameSeedBuildsTheSameWeights()
    {
        var arch = Space.Sample(new Random(4));
        using var a = SeededTorch.Create(3, () => Space.Build(arch));
        using var b = SeededTorch.Create(3, () => Space.Build(arch));
        var pa = a.parameters().ToArray();
        var pb = b.parameters().ToArray();
        Assert.Equal(pa.Length, pb.Length);
        for (int i = 0; i < pa.Length; i++)
            Assert.True(pa[i].allclose(pb[i], 0, 0));
    }

    [Fact]
    public void TrainsWithTheSharedTrainerAndBeatsTheBaseRate()
    {
        var arch = new DlrmArchitecture
        {
            BottomWidths = new[] { 32, 0, 0 }, TopWidths = new[] { 64, 32, 0 },
            EmbeddingDims = Data.Schema.Cardinalities.Select(_ => 8).ToArray(),
            RowFractions = Data.Schema.Cardinalities.Select(_ => 1.0).ToArray(),
            Interaction = InteractionOp.Dot, InteractionWidth = 16, CrossLayers = 2,
        };
        var trainer = new CtrTrainer(new CtrTrainingOptions { Seed = 1, MaxEpochs = 3, BatchSize = 256 });
        using var model = trainer.CreateModel(() => (SearchedDlrm)Space.Build(arch));
        var result = trainer.Train(model, Data.Train, Data.Validation);
        Assert.True(result.BestValidation.NormalizedEntropy < 0.9, $"NE {result.BestValidation.NormalizedEntropy:F4}");
    }
}

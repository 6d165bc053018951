using Microsoft.ML;
using Rankitect.Data.Synthetic;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Blocks;
using Rankitect.Training;
using Xunit.Abstractions;

namespace Rankitect.Tests.Blocks;

public class BlockTrainingTests
{
    private readonly ITestOutputHelper _output;

    public BlockTrainingTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void CtrTrainerTrainsABlockNetworkWithSparseEmbeddingUpdates()
    {
        // The planted-interaction data of TrainingTestData, a few thousand rows only.
        SyntheticCtrOptions Rows(long first, long count) => new()
        {
            Seed = 7, DenseFieldCount = 4, CategoricalFieldCount = 6, MinCardinality = 5, MaxCardinality = 60,
            NoiseDenseFieldCount = 1, NoiseCategoricalFieldCount = 1, InteractionCount = 6, InteractionStrength = 1.5,
            NegativeDenseFieldCount = 0, FirstRow = first, RowCount = count,
        };
        var data = PreparedCtrData.Prepare(new MLContext(1), new SyntheticCtrGenerator(Rows(0, 3_000)).ToDataView(),
            new SyntheticCtrGenerator(Rows(500_000, 1_000)).ToDataView());
        var space = new BlockSpace(new CtrFeatureShape(data.Schema.DenseWidth, data.Schema.Cardinalities), BlockSpaceOptions.Full with
        {
            Blocks = 3, EmbeddingDim = 8, DenseWidths = [16], SparseTokens = [4], DotTokens = 4, AttentionFfnWidth = 16,
        });
        var indices = space.Encode(new BlockArchitecture
        {
            Space = space.Name,
            Blocks =
            [
                BlockTestSpaces.Gene(DenseOp.Fc, SparseOp.Efc, 16, 4, ["stem"], ["stem"], s2d: true),
                BlockTestSpaces.Gene(DenseOp.DotProduct, SparseOp.Attention, 16, 4, ["stem", "b0"], ["stem", "b0"], d2s: true),
                BlockTestSpaces.Gene(DenseOp.Gating, SparseOp.Efc, 16, 4, ["b1"], ["b0", "b1"], left: "b0", right: "b1"),
            ],
        });
        var trainer = new CtrTrainer(new CtrTrainingOptions { Seed = 1, MaxEpochs = 1, BatchSize = 64, Threads = 1, LearningRate = 0.01 });
        using var model = trainer.CreateModel(() => space.Build(space.Decode(indices)));
        var table = model.modules().OfType<Rankitect.SearchSpaces.Modules.SparseEmbeddingTable>().Single();
        var initialRows = table.Weight.detach().clone();
        double before = CtrTrainer.Evaluate(model, data.Validation).NormalizedEntropy;
        var result = trainer.Train(model, data.Train, data.Validation);
        double after = CtrTrainer.Evaluate(model, data.Validation).NormalizedEntropy;
        _output.WriteLine($"validation NE {before:F4} -> {after:F4}; train loss by checkpoint: "
            + string.Join(", ", result.History.Select(h => h.TrainLoss.ToString("F4"))));
        Assert.True(after < before - 0.02, $"NE {before:F4} -> {after:F4}");
        // The embeddings were trained (by the trainer's sparse row updates), not left at their initialization.
        Assert.True((table.Weight.detach() - initialRows).abs().max().item<float>() > 1e-3);
        initialRows.Dispose();
    }
}

using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Cost;
using Rankitect.SearchSpaces.Models;
using Rankitect.SearchSpaces.Spaces;
using Rankitect.Strategies.Tuning;
using Rankitect.Training;

namespace Rankitect.Strategies;

/// <summary>No search: trains the hand-designed DLRM, declared as one architecture of the DLRM space so that its
/// network, cost and export are the same code as every searched architecture's.</summary>
internal static class FixedDlrmStrategy
{
    public const string Name = "fixed-dlrm";

    /// <summary>The hand-designed DLRM: bottom MLP [64] to d = 16 (none without dense inputs), 16-dimensional
    /// embeddings at full size, dot-product interaction, top MLP [128, 64].</summary>
    public static DlrmArchitecture HandDesigned(DlrmSpace space)
    {
        int[] Layers(int count, params int[] widths) => Enumerable.Range(0, count).Select(i => i < widths.Length ? widths[i] : 0).ToArray();
        return new DlrmArchitecture
        {
            BottomWidths = Layers(space.BottomLayers, 64),
            TopWidths = Layers(space.Options.TopLayers, 128, 64),
            EmbeddingDims = Enumerable.Repeat(16, space.Shape.FieldCount).ToArray(),
            RowFractions = Enumerable.Repeat(1.0, space.Shape.FieldCount).ToArray(),
            Interaction = InteractionOp.Dot,
            InteractionWidth = space.Options.InteractionWidth,
            CrossLayers = space.Options.CrossLayers,
        };
    }

    public static SearchResult Run(StrategyContext context)
    {
        var data = context.Data;
        var shape = new CtrFeatureShape(data.Schema.DenseWidth, data.Schema.Cardinalities);
        var space = new DlrmSpace(shape);
        var architecture = HandDesigned(space);
        var cost = new DlrmCostModel(space).Estimate(architecture);
        var trainer = new CtrTrainer(context.Training);
        var model = trainer.CreateModel(() => new SearchedDlrm(shape, architecture));
        try
        {
            var result = trainer.Train(model, data.Train, data.Validation, new TrainingProgressReporter(context.Report, "train"), context.CancellationToken);
            var trial = TrialResult.Create(new Trial(0, space.Encode(architecture), TrialFidelity.Full), Name, TrialStatus.Completed,
                result.BestValidation, cost, new SearchObjective(), result.TotalSeconds);
            return new SearchResult(model, "hand-designed DLRM: " + architecture, architecture.ToJson(), cost.Flops, model.ParameterCount,
                result.BestValidation, Array.Empty<SearchStep>(), result.StopReason == TrainingStopReason.Cancelled,
                SearchSeconds: 0, TrainSeconds: result.TotalSeconds, Name, space, [trial]);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}

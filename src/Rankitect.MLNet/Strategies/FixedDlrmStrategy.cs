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

    public static SearchResult Run(StrategyContext context)
    {
        var data = context.Data;
        var shape = new CtrFeatureShape(data.Schema.DenseWidth, data.Schema.Cardinalities);
        var space = new DlrmSpace(shape);
        var architecture = DlrmSpace.HandDesigned(space);
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

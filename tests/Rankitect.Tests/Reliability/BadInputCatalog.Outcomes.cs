using Microsoft.ML;
using Rankitect.Strategies.Dnas;
using Rankitect.Tests.Strategies.Tuning;
using static Rankitect.Tests.Reliability.BadInput;

namespace Rankitect.Tests.Reliability;

// Degenerate data and searches are errors naming the split or the option, not a model reported as success.
public partial class BadInputCatalog
{
    private static IEnumerable<BadInput> Outcomes()
    {
        yield return RefusedAsync<ArgumentException>("training rows of one class only", "4",
            _ => new MLContext(1).Ranking().CreateExperiment().SetDataset(NoClicks(ReliabilityData.Rows(1_000)), ReliabilityData.Rows(300, 100_000)).SetThreads(1).RunAsync(),
            "training rows hold one class only", "all labels 0");
        yield return RefusedAsync<ArgumentException>("validation rows of one class only", "4",
            _ => new MLContext(1).Ranking().CreateExperiment().SetDataset(ReliabilityData.Rows(1_000), NoClicks(ReliabilityData.Rows(300, 100_000))).SetThreads(1).RunAsync(),
            "validation rows hold one class only");
        yield return RefusedAsync<InvalidOperationException>("a DNAS search whose loss turns NaN (learning rate 1e9)", "4",
            _ => new MLContext(1).Ranking().CreateExperiment()
                .SetDataset(ReliabilityData.Rows(1_500), ReliabilityData.Rows(500, 100_000))
                .SetSearchSpace(shape => new Rankitect.SearchSpaces.Spaces.Dlrm.DlrmSpace(shape, TuningTestData.TinySpace))
                .SetStrategy(new DnasStrategy(new() { WarmupEpochs = 1, SearchEpochs = 2, BatchSize = 256, WeightLearningRate = 1e9 }))
                .SetTraining(TuningTestData.Training)
                .SetThreads(1)
                .RunAsync(), "DNAS diverged", "WeightLearningRate");
    }

    private static IDataView NoClicks(IDataView rows) => new MLContext(1).Data.FilterByCustomPredicate<LabelOnly>(rows, r => r.Label); // keeps Label == false

    private sealed class LabelOnly
    {
        public bool Label { get; set; }
    }
}

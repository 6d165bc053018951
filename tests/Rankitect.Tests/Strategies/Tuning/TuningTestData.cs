using Microsoft.ML;
using Rankitect;
using Rankitect.Data.Synthetic;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Experiment;
using Rankitect.Training;

namespace Rankitect.Tests.Strategies.Tuning;

/// <summary>Tiny synthetic CTR data (6000 training, 1500 validation rows) and a tiny DLRM space, prepared once for
/// all tuning tests; the collection also runs those tests one at a time, so parallel trials get the cores they expect.</summary>
public sealed class TuningTestData
{
    public TuningTestData()
    {
        SyntheticCtrOptions Rows(long first, long count) => new()
        {
            Seed = 11, DenseFieldCount = 3, CategoricalFieldCount = 5, MinCardinality = 5, MaxCardinality = 40,
            NoiseDenseFieldCount = 0, NoiseCategoricalFieldCount = 1, InteractionCount = 4, InteractionStrength = 1.5,
            NegativeDenseFieldCount = 0, FirstRow = first, RowCount = count,
        };
        Data = PreparedCtrData.Prepare(new MLContext(1), new SyntheticCtrGenerator(Rows(0, 6_000)).ToDataView(),
            new SyntheticCtrGenerator(Rows(500_000, 1_500)).ToDataView());
    }

    public PreparedCtrData Data { get; }

    public static readonly DlrmSpaceOptions TinySpace = new()
    {
        BottomLayers = 1, TopLayers = 2, LayerWidths = new[] { 8, 16 }, EmbeddingDims = new[] { 4, 8 },
        RowFractions = new[] { 1.0, 0.1 }, InteractionWidth = 8,
    };

    public IArchitectureSpace Space => new DlrmSpace(new CtrFeatureShape(Data.Schema.DenseWidth, Data.Schema.Cardinalities), TinySpace);

    /// <summary>Fast trial training: batch 128, Adam 0.01, one validation per epoch, 2 epochs at full fidelity.</summary>
    public static CtrTrainingOptions Training => new() { BatchSize = 128, MaxEpochs = 2, EvaluationsPerEpoch = 1, LearningRate = 0.01 };

    /// <summary>An experiment on these rows and the tiny space with fast training; low fidelity = 30% of the rows, 1 epoch
    /// (no floor on examples);
    /// no hyperparameter search (the tests that want one set it).</summary>
    public RankitectExperiment Experiment(ISearchStrategy strategy, int seed = 4, int threads = 2, int? parallelism = null,
        IArchitectureSpace? space = null)
    {
        var experiment = new MLContext(seed).Ranking().CreateExperiment()
            .SetDataset(Data)
            .SetSearchSpace(_ => space ?? Space)
            .SetStrategy(strategy)
            .SetTraining(Training)
            .SetTrainingSearch(new TrainingSearchOptions { Trials = 0 })
            .SetLowFidelity(new FidelityOptions { RowFraction = 0.3, Epochs = 1, MinExamples = 0 })
            .SetSeed(seed)
            .SetThreads(threads, parallelism);
        return experiment;
    }
}

[CollectionDefinition(Name)]
public sealed class TuningCollection : ICollectionFixture<TuningTestData>
{
    public const string Name = "Tuning";
}

/// <summary>Reports synchronously on the reporting thread (unlike <see cref="Progress{T}"/>), so a test sees every
/// report before the search moves on.</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

/// <summary>A monitor that keeps every call in order, and can act on each result (e.g. cancel after the second).</summary>
internal sealed class RecordingMonitor(Action<TrialResult>? onResult = null) : IMonitor
{
    public List<string> Calls { get; } = new();
    public List<Trial> Running { get; } = new();
    public List<TrialResult> Results { get; } = new();
    public List<TrialResult> Best { get; } = new();

    public void ReportRunningTrial(Trial trial)
    {
        Calls.Add($"running {trial.Id}");
        Running.Add(trial);
    }

    public void ReportCompletedTrial(TrialResult result)
    {
        Calls.Add($"completed {result.TrialId}");
        Results.Add(result);
        onResult?.Invoke(result);
    }

    public void ReportBestTrial(TrialResult result)
    {
        Calls.Add($"best {result.TrialId}");
        Best.Add(result);
    }

    public void ReportFailedTrial(TrialResult result)
    {
        Calls.Add($"failed {result.TrialId}");
        Results.Add(result);
        onResult?.Invoke(result);
    }
}

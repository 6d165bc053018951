using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Bench.Datasets;
using Rankitect.Data;
using Rankitect.Data.Synthetic;
using Rankitect.Featurize;
using Rankitect.Native;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.Bench.Suites;

/// <summary>
/// Speed of every stage on Criteo-shaped synthetic rows (and, with a data folder, on every real data set), measured in
/// one run: generating or reading, fitting the
/// featurization, featurizing into the columnar dataset, cutting tensor batches, training steps of the hand-designed
/// DLRM (<see cref="DlrmSpace.HandDesigned"/>), and the
/// machine's dense matmul GFLOP/s through the same TorchSharp build.
/// </summary>
public static class ThroughputSuite
{
    private const long MinRowsForBytesPerRow = 200_000;

    public static BenchReport Run(long rows, bool includeSynthetic, string? dataFolder, IReadOnlyCollection<string>? only, int seed, int threads, int trainSteps)
    {
        var report = new BenchReport
        {
            Suite = "throughput",
            Config = { ["rows"] = rows, ["data"] = dataFolder, ["seed"] = seed, ["threads"] = threads, ["train_steps"] = trainSteps },
        };
        var trainingRows = new List<BenchResult>();
        var synthetic = SyntheticDataset.Entry(rows, withTruth: false);
        foreach (var entry in SharedDataCatalog.Select(includeSynthetic ? [synthetic] : [], dataFolder, only))
        {
            if (entry.Skipped)
            {
                report.Results.Add(new BenchResult { Dataset = entry.Name, Model = "skipped", Note = entry.SkipReason });
                continue;
            }
            // Real data sets are read whole (no subsample): the stages' rates are per row of the data as it is.
            var dataset = entry.Load!(long.MaxValue);
            Measure(report, trainingRows, dataset, entry == synthetic ? "generate" : "read", seed, threads, trainSteps);
        }

        double peak = MatmulGflops(1024);
        report.Results.AddRange(trainingRows.Select(r => r with { PeakGflops = peak, Ratio = r.AchievedGflops / peak }));
        report.Results.Add(new BenchResult { Dataset = "none", Model = "matmul_1024", PeakGflops = peak });
        return report;
    }

    // firstStage: "generate" for the generator; "read" for a real data set (rows held in memory: the cursor's cost).
    private static void Measure(BenchReport report, List<BenchResult> trainingRows, BenchDataset source, string firstStage, int seed, int threads, int trainSteps)
    {
        string dataset = source.Name;
        var ml = new MLContext(seed);
        var clock = Stopwatch.StartNew();
        long rows = CursorPass(source.Data);
        Add(report, dataset, firstStage, rows, rows / clock.Elapsed.TotalSeconds);

        clock.Restart();
        var featurization = new CtrFeaturizer(ml).Fit(source.Data);
        Add(report, dataset, "featurize_fit", rows, rows / clock.Elapsed.TotalSeconds);

        long before = GC.GetTotalMemory(forceFullCollection: true);
        clock.Restart();
        var data = CtrDataset.Load(featurization.Transformer.Transform(source.Data), featurization.Schema);
        double loadSeconds = clock.Elapsed.TotalSeconds;
        long after = GC.GetTotalMemory(forceFullCollection: true);
        report.Results.Add(new BenchResult
        {
            Dataset = dataset, Model = "featurize", Rows = rows, RowsPerSecond = rows / loadSeconds,
            // The heap difference is only a measurement when the rows dominate it; below that, GC noise (even negative).
            BytesPerRow = rows >= MinRowsForBytesPerRow ? (after - before) / (double)rows : null,
        });
        Console.WriteLine($"  {dataset}: {featurization.Schema}; {data.BytesPerRow} bytes/row by layout, {(after - before) / (double)rows:F1} measured");

        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(threads);
        foreach (int batchSize in new[] { 512, 4096 })
        {
            clock.Restart();
            long seen = 0;
            foreach (var batch in CtrBatches.Batches(data, batchSize, CtrBatches.EpochOrder(data.Count, seed, 1)))
            {
                seen += batch.Count;
                batch.Dispose();
            }
            Add(report, dataset, "batch", rows, seen / clock.Elapsed.TotalSeconds, batchSize);
        }

        var space = new DlrmSpace(new CtrFeatureShape(data.Schema.DenseWidth, data.Schema.Cardinalities));
        var handDesigned = DlrmSpace.HandDesigned(space);
        long flops = new DlrmCostModel(space).Estimate(handDesigned).Flops;
        foreach (int batchSize in new[] { 512, 4096 })
        {
            var (train, validation) = Subsets(data, (long)batchSize * trainSteps, seed);
            var trainer = new CtrTrainer(new CtrTrainingOptions
            {
                BatchSize = batchSize, MaxEpochs = 1, Seed = seed, Threads = threads, EarlyStoppingPatience = 1,
            });
            using var model = trainer.CreateModel(() => space.Build(handDesigned));
            var result = trainer.Train(model, train, validation);
            trainingRows.Add(new BenchResult
            {
                Dataset = dataset, Model = "dlrm_train", Rows = train.Count, BatchSize = batchSize, Flops = flops,
                SamplesPerSecond = result.SamplesPerSecond, Params = model.ParameterCount, TrainSeconds = result.TrainingSeconds,
                // A training step costs about 3x the forward FLOPs: the forward pass, and the backward pass's gradients
                // with respect to activations and to weights, each a matmul of the forward's size.
                AchievedGflops = result.SamplesPerSecond * 3.0 * flops / 1e9,
            });
        }
    }

    private static (CtrDataset Train, CtrDataset Validation) Subsets(CtrDataset data, long trainRows, int seed)
    {
        int validationRows = Math.Min(2000, data.Count / 10);
        int train = (int)Math.Min(trainRows, data.Count - validationRows);
        return (data.Select(Enumerable.Range(0, train).ToArray()), data.Select(Enumerable.Range(data.Count - validationRows, validationRows).ToArray()));
    }

    private static long CursorPass(IDataView view)
    {
        long n = 0;
        using var cursor = view.GetRowCursor(view.Schema);
        var getters = view.Schema.Select(c => c.Type switch
        {
            BooleanDataViewType => (Action)(() => { bool v = default; cursor.GetGetter<bool>(c)(ref v); }),
            TextDataViewType => MakeGetter<ReadOnlyMemory<char>>(cursor, c),
            _ => MakeGetter<float>(cursor, c),
        }).ToArray();
        while (cursor.MoveNext())
        {
            foreach (var get in getters) get();
            n++;
        }
        return n;
    }

    private static Action MakeGetter<T>(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        var getter = cursor.GetGetter<T>(column);
        T value = default!;
        return () => getter(ref value);
    }

    /// <summary>Dense float32 matmul throughput: 2 n^3 FLOPs per product, best of several timed repetitions.</summary>
    public static double MatmulGflops(int n)
    {
        using var scope = NewDisposeScope();
        var a = randn(n, n);
        var b = randn(n, n);
        for (int i = 0; i < 3; i++) a.mm(b).Dispose();
        double best = 0;
        for (int rep = 0; rep < 5; rep++)
        {
            var clock = Stopwatch.StartNew();
            const int products = 10;
            for (int i = 0; i < products; i++) a.mm(b).Dispose();
            best = Math.Max(best, products * 2.0 * n * n * n / clock.Elapsed.TotalSeconds / 1e9);
        }
        return best;
    }

    private static void Add(BenchReport report, string dataset, string stage, long rows, double rowsPerSecond, int? batchSize = null)
        => report.Results.Add(new BenchResult { Dataset = dataset, Model = stage, Rows = rows, RowsPerSecond = rowsPerSecond, BatchSize = batchSize });
}

using System.Diagnostics;
using Microsoft.ML;
using Rankitect.Baselines;
using Rankitect.Bench.Scoring;
using Rankitect.Data;
using Rankitect.Data.Synthetic;
using Rankitect.Experiment;
using Rankitect.Strategies.Dnas;
using Rankitect.Training;

namespace Rankitect.Bench.Suites;

/// <summary>
/// Scoring speed of saved model zips as a production app sees it: Rankitect, LightGBM and FastTree are trained on
/// the same rows, saved, loaded with a plain <c>new MLContext().Model.Load</c> and scored on the same disjoint rows
/// (batch rows/s through Transform and a cursor, and single-row PredictionEngine latency).
/// </summary>
public static class ScoringSuite
{
    public const string RatioModelName = "ratio_rankitect_over_lightgbm";

    // Modest DNAS: one search epoch fewer than the default and at most 5 retraining epochs keep the suite at
    // a few minutes on 2 cores while still running the real search.
    private static DnasOptions Search() => new() { WarmupEpochs = 1, SearchEpochs = 3 };
    private static CtrTrainingOptions Training(int seed, int threads) => new() { MaxEpochs = 5, Seed = seed, Threads = threads };

    public static BenchReport Run(long rows, long trainRows, int seed, int threads, int latencyRows)
    {
        var search = Search();
        var baselineOptions = new BaselineOptions();
        var report = new BenchReport
        {
            Suite = "scoring",
            Config =
            {
                ["rows"] = rows, ["train_rows"] = trainRows, ["validation_rows"] = ValidationRows(trainRows), ["latency_rows"] = latencyRows,
                ["seed"] = seed, ["threads"] = threads, ["rankitect_strategy"] = "Dnas",
                ["dnas_warmup_epochs"] = search.WarmupEpochs, ["dnas_search_epochs"] = search.SearchEpochs,
                ["retrain_max_epochs"] = Training(seed, threads).MaxEpochs, ["trees"] = baselineOptions.NumberOfTrees,
                ["leaves"] = baselineOptions.NumberOfLeaves, ["hash_bits"] = baselineOptions.HashBits,
            },
        };
        var ml = new MLContext(seed);
        // Three disjoint stretches of the same generator: training, validation and scoring rows.
        IDataView train = Generator(trainRows, firstRow: 0, seed).ToDataView();
        IDataView validation = Generator(ValidationRows(trainRows), firstRow: 1L << 39, seed).ToDataView();
        var scoringRows = ml.Data.CreateEnumerable<CriteoRow>(Generator(rows, firstRow: 1L << 40, seed).ToDataView(), reuseRowObject: false).ToList();
        IDataView scoring = ml.Data.LoadFromEnumerable(scoringRows);
        var latencySample = scoringRows.Take(latencyRows).ToList();

        string folder = Path.Combine(Path.GetTempPath(), $"rankitect-bench-scoring-{Environment.ProcessId}");
        Directory.CreateDirectory(folder);
        try
        {
            var roles = CtrColumnRoles.Resolve(train.Schema, new CtrColumnOptions());
            var trained = new List<(string Name, string Zip, double TrainSeconds, long? Flops)>();

            var clock = Stopwatch.StartNew();
            var rankitect = ml.Ranking().Rankitect(new RankitectOptions
            {
                Strategy = SearchStrategy.Dnas, Dnas = search, Training = Training(seed, threads),
                ValidationData = validation, Seed = seed, Threads = threads,
            }).Fit(train);
            trained.Add(("rankitect", Save(ml, rankitect, train, folder, "rankitect"), clock.Elapsed.TotalSeconds, rankitect.Model.Flops));
            Console.WriteLine($"  rankitect: {rankitect.Model}");

            clock.Restart();
            var lightGbmTrainer = BaselinePipelines.LightGbm(ml, BaselinePipelines.LabelColumnName, baselineOptions, seed, threads);
            var lightGbm = BaselinePipelines.Fit(ml, roles, baselineOptions, train, validation, (t, v) => lightGbmTrainer.Fit(t, v));
            trained.Add(("lightgbm", Save(ml, lightGbm, train, folder, "lightgbm"), clock.Elapsed.TotalSeconds, null));

            clock.Restart();
            var fastTree = FastTreeBaseline.Fit(ml, roles, baselineOptions, train, validation, seed, threads).Model;
            trained.Add(("fasttree", Save(ml, fastTree, train, folder, "fasttree"), clock.Elapsed.TotalSeconds, null));

            string dataset = $"synthetic_criteo_{rows}";
            var measured = new Dictionary<string, ScoringMeasurement>();
            foreach (var (name, zip, trainSeconds, flops) in trained)
            {
                var m = ScoringProbe.Measure(zip, scoring, latencySample);
                measured[name] = m;
                report.Results.Add(new BenchResult
                {
                    Dataset = dataset, Model = name, Seed = seed, Rows = rows, Ne = m.Test.NormalizedEntropy, Auc = m.Test.Auc,
                    TrainSeconds = trainSeconds, Flops = flops, RowsPerSecond = m.RowsPerSecond,
                    P50Microseconds = m.P50Microseconds, P99Microseconds = m.P99Microseconds,
                });
                Console.WriteLine($"  {name}: {m.RowsPerSecond:N0} rows/s, p50 {m.P50Microseconds:F1} us, p99 {m.P99Microseconds:F1} us, NE {m.Test.NormalizedEntropy:F4}");
            }
            // Ratios held in the metric fields of their own row (documented in bench/README.md): > 1 means
            // Rankitect's number is larger, i.e. faster for rows_per_s and slower for the latencies.
            var (r, l) = (measured["rankitect"], measured["lightgbm"]);
            report.Results.Add(new BenchResult
            {
                Dataset = dataset, Model = RatioModelName, Rows = rows, RowsPerSecond = r.RowsPerSecond / l.RowsPerSecond,
                P50Microseconds = r.P50Microseconds / l.P50Microseconds, P99Microseconds = r.P99Microseconds / l.P99Microseconds,
            });
            return report;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static long ValidationRows(long trainRows) => Math.Max(1000, trainRows / 10);

    private static SyntheticCtrGenerator Generator(long rows, long firstRow, int seed)
        => new(new SyntheticCtrOptions { RowCount = rows, FirstRow = firstRow, Seed = seed });

    private static string Save(MLContext ml, ITransformer model, IDataView train, string folder, string name)
    {
        string path = Path.Combine(folder, name + ".zip");
        ml.Model.Save(model, train.Schema, path);
        return path;
    }
}

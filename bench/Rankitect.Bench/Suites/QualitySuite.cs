using Microsoft.ML;
using Rankitect.Baselines;
using Rankitect.Bench.Datasets;
using Rankitect.Data;
using Rankitect.Data.Synthetic;
using Rankitect.Evaluation;

namespace Rankitect.Bench.Suites;

/// <summary>
/// Test quality and cost of Rankitect (DNAS) next to LightGBM (default and tuned), FastTree, logistic regression and the
/// fixed DLRM and DCN-v2, on
/// the synthetic generator and on every data set of a shared-data folder: per data set and seed, one stratified
/// train / validation / test split (80/10/10), every model early-stopped on the same validation rows and scored on the
/// same test rows with the same metric code; then per model the mean and standard deviation over seeds.
/// </summary>
public static class QualitySuite
{
    /// <param name="recipeEnsemble">RankitectOptions.TrainingSearch.EnsembleSize (null: the library's default).</param>
    /// <param name="calibrate">RankitectOptions.Calibrate (Platt scaling) for Rankitect and the fixed DLRM and DCN-v2.</param>
    /// <param name="tuningBudget">Wall-clock budget of the tuned LightGBM; null: Rankitect's search seconds of the
    /// same data set and seed (the comparison's default).</param>
    public static BenchReport Run(long syntheticRows, string? dataFolder, long maxRows, int seeds, int threads, IReadOnlyCollection<string>? only,
        TimeSpan? tuningBudget = null, int? recipeTrials = null, SearchStrategy strategy = SearchStrategy.Dnas, int? ensembleSize = null,
        bool baselines = true, bool calibrate = true, int? recipeEnsemble = null)
    {
        var report = new BenchReport
        {
            Suite = "quality",
            Config =
            {
                ["synthetic_rows"] = syntheticRows, ["data"] = dataFolder, ["max_rows"] = maxRows, ["seeds"] = seeds, ["threads"] = threads,
                ["split"] = "stratified 80/10/10 per seed", ["search"] = $"Rankitect defaults, strategy {strategy}",
                ["recipe_trials"] = recipeTrials ?? new RankitectOptions().TrainingSearch.Trials,
                ["ensemble_size"] = ensembleSize ?? new RankitectOptions().EnsembleSize, ["baselines"] = baselines,
                ["calibrate"] = calibrate,
                ["recipe_ensemble"] = recipeEnsemble ?? new RankitectOptions().TrainingSearch.EnsembleSize,
                ["lightgbm_tuning_budget_s"] = tuningBudget?.TotalSeconds ?? (object)"Rankitect's search_s of the same data set and seed",
            },
        };
        var entries = new List<DatasetEntry>();
        if (syntheticRows > 0)
            entries.Add(SyntheticDataset.Entry(syntheticRows));
        entries = SharedDataCatalog.Select(entries, dataFolder, only);

        foreach (var dataset in SharedDataCatalog.Load(entries, maxRows, report))
        {
            var perSeed = new List<BenchResult>();
            for (int seed = 1; seed <= seeds; seed++)
                perSeed.AddRange(RunSeed(dataset, seed, threads, tuningBudget, recipeTrials, strategy, ensembleSize, baselines, calibrate, recipeEnsemble));
            report.Results.AddRange(perSeed);
            report.Results.AddRange(Summaries(perSeed, seeds));
        }
        return report;
    }

    private static IEnumerable<BenchResult> RunSeed(BenchDataset dataset, int seed, int threads, TimeSpan? tuningBudget, int? recipeTrials,
        SearchStrategy strategy, int? ensembleSize, bool withBaselines, bool calibrate, int? recipeEnsemble)
    {
        var ml = new MLContext(seed);
        var split = DataSplits.StratifiedSplit(dataset.Data, CtrTable.LabelColumnName, validationFraction: 0.1, testFraction: 0.1, seed);
        var ignored = dataset.TrueProbabilityColumn is { } truth ? new[] { truth } : Array.Empty<string>();
        var options = new RankitectOptions
        {
            LabelColumnName = CtrTable.LabelColumnName, IgnoredColumnNames = ignored, ValidationData = split.Validation,
            Seed = seed, Threads = threads, Strategy = strategy, Calibrate = calibrate,
        };
        if (recipeTrials is { } trials)
            options.TrainingSearch.Trials = trials;
        if (ensembleSize is { } size)
            options.EnsembleSize = size;
        if (recipeEnsemble is { } members)
            options.TrainingSearch.EnsembleSize = members;
        double? bayes = dataset.TrueProbabilityColumn is { } column
            ? CtrMetrics.Compute(split.Test, CtrTable.LabelColumnName, column).NormalizedEntropy : null;
        var baselines = new BaselineOptions
        {
            LightGbmTuning = new LightGbmTuningOptions { TimeBudget = tuningBudget }, FixedDlrm = withBaselines && strategy != SearchStrategy.FixedDlrm,
            LightGbm = withBaselines, TunedLightGbm = withBaselines, FastTree = withBaselines, LogisticRegression = withBaselines, FixedDcnV2 = withBaselines,
        };
        var comparison = ml.Ranking().CompareWithBaselines(split.Train, split.Test, options, baselines);
        Console.WriteLine($"  seed {seed} ({comparison.TrainRows:N0} train, {comparison.TestRows:N0} test rows)" + (bayes is { } b ? $", Bayes NE {b:F4}" : ""));
        Console.WriteLine(comparison.ToTable());
        return comparison.Rows.Select(row => new BenchResult
        {
            Dataset = dataset.Name, Model = Slug(row.Model), Seed = seed, Rows = comparison.TrainRows,
            Ne = row.Test.NormalizedEntropy, Auc = row.Test.Auc, LogLoss = row.Test.LogLoss, Calibration = row.Test.Calibration,
            BayesNe = bayes, Flops = row.Flops, Params = row.Parameters, TrainSeconds = row.TrainSeconds, SearchSeconds = row.SearchSeconds,
            Trials = row.Trials, Architecture = row.Description,
        }).ToList();
    }

    // Per model: mean over seeds in the metric fields, sample standard deviation in the *_sd fields (absent for one seed).
    private static IEnumerable<BenchResult> Summaries(IReadOnlyList<BenchResult> perSeed, int seeds)
    {
        foreach (var group in perSeed.GroupBy(r => r.Model))
        {
            var rows = group.ToList();
            static double? Mean(IEnumerable<double?> values) => values.All(v => v is null) ? null : values.Average(v => v!.Value);
            double? Sd(Func<BenchResult, double?> field)
            {
                if (rows.Count < 2 || rows.Any(r => field(r) is null)) return null;
                double mean = rows.Average(r => field(r)!.Value);
                return Math.Sqrt(rows.Sum(r => Math.Pow(field(r)!.Value - mean, 2)) / (rows.Count - 1));
            }
            yield return new BenchResult
            {
                Dataset = rows[0].Dataset, Model = group.Key, Seeds = seeds, Rows = rows[0].Rows,
                Ne = Mean(rows.Select(r => r.Ne)), NeSd = Sd(r => r.Ne), Auc = Mean(rows.Select(r => r.Auc)), AucSd = Sd(r => r.Auc),
                LogLoss = Mean(rows.Select(r => r.LogLoss)), LogLossSd = Sd(r => r.LogLoss),
                Calibration = Mean(rows.Select(r => r.Calibration)), CalibrationSd = Sd(r => r.Calibration),
                BayesNe = Mean(rows.Select(r => r.BayesNe)),
                Flops = rows.All(r => r.Flops is null) ? null : (long)Math.Round(rows.Average(r => (double)(r.Flops ?? 0))),
                Params = rows.All(r => r.Params is null) ? null : (long)Math.Round(rows.Average(r => (double)(r.Params ?? 0))),
                TrainSeconds = Mean(rows.Select(r => r.TrainSeconds)), TrainSecondsSd = Sd(r => r.TrainSeconds),
                SearchSeconds = Mean(rows.Select(r => r.SearchSeconds)), SearchSecondsSd = Sd(r => r.SearchSeconds),
                Trials = rows.All(r => r.Trials is null) ? null : (int)Math.Round(rows.Average(r => (double)(r.Trials ?? 0))),
            };
        }
    }

    // "logistic regression (L-BFGS)" -> "logistic_regression_l_bfgs"
    internal static string Slug(string name)
        => string.Join('_', new string(name.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
}

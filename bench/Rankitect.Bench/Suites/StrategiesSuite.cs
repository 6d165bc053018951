using Microsoft.ML;
using Rankitect.Baselines;
using Rankitect.Bench.Datasets;
using Rankitect.Data;
using Rankitect.Evaluation;
using Rankitect.Experiment;
using Rankitect.Training;
using Rankitect.Reporting;
using System.Diagnostics;

namespace Rankitect.Bench.Suites;

/// <summary>
/// The three NAS families compared fairly: on each data set, one stratified 80/10/10 split, the same space, and the
/// same wall-clock search budget for DNAS, one-shot, regularized evolution and random search (each then retrains its
/// pick); per strategy the test metrics of the returned network, its FLOPs, search seconds and architectures evaluated;
/// the fixed DLRM and LightGBM from the same run as reference rows. Optionally one HTML report per data set.
/// </summary>
public static class StrategiesSuite
{
    /// <summary>The strategies compared by default.</summary>
    public static readonly SearchStrategy[] Strategies =
        [SearchStrategy.Dnas, SearchStrategy.OneShot, SearchStrategy.RegularizedEvolution, SearchStrategy.RandomSearch];

    public static BenchReport Run(long rows, string? dataFolder, IReadOnlyCollection<string>? only, bool synthetic, SearchSpaceKind space,
        TimeSpan budget, int seeds, int threads, string? reportFolder, IReadOnlyList<SearchStrategy>? strategies = null,
        FidelityOptions? lowFidelity = null, int? recipeTrials = null, bool retrainReference = true)
    {
        strategies = strategies is { Count: > 0 } ? strategies : Strategies;
        lowFidelity ??= new FidelityOptions();
        var report = new BenchReport
        {
            Suite = "strategies",
            Config =
            {
                ["rows"] = rows, ["data"] = dataFolder, ["space"] = space.ToString(), ["search_budget_s"] = budget.TotalSeconds,
                ["seeds"] = seeds, ["threads"] = threads, ["split"] = "stratified 80/10/10 per seed",
                ["strategies"] = strategies.Select(s => s.ToString()).ToArray(),
                ["recipe_trials"] = recipeTrials, ["retrain_reference"] = retrainReference,
                ["low_fidelity"] = $"rows {lowFidelity.RowFraction}, epochs {lowFidelity.Epochs}, min examples {lowFidelity.MinExamples}, rungs {lowFidelity.Rungs}, rate {lowFidelity.HalvingRate}",
            },
        };
        var entries = SharedDataCatalog.Select(synthetic ? [SyntheticDataset.Entry(rows)] : [], dataFolder, only);
        foreach (var dataset in SharedDataCatalog.Load(entries, rows, report))
            for (int seed = 1; seed <= seeds; seed++)
                report.Results.AddRange(RunSeed(dataset, space, budget, seed, threads, reportFolder, strategies, lowFidelity, recipeTrials, retrainReference));
        return report;
    }

    private static IEnumerable<BenchResult> RunSeed(BenchDataset dataset, SearchSpaceKind space, TimeSpan budget, int seed, int threads, string? reportFolder,
        IReadOnlyList<SearchStrategy> strategies, FidelityOptions lowFidelity, int? recipeTrials, bool retrainReference)
    {
        var ml = new MLContext(seed);
        var split = DataSplits.StratifiedSplit(dataset.Data, CtrTable.LabelColumnName, validationFraction: 0.1, testFraction: 0.1, seed);
        var ignored = dataset.TrueProbabilityColumn is { } truth ? new[] { truth } : Array.Empty<string>();
        RankitectOptions Options(SearchStrategy strategy) => new()
        {
            LabelColumnName = CtrTable.LabelColumnName, IgnoredColumnNames = ignored, ValidationData = split.Validation,
            Strategy = strategy, Space = space, SearchTimeBudget = budget, Seed = seed, Threads = threads,
            // Sampling-based search is bounded by the budget, not by a trial count.
            MultiTrial = new() { MaxTrials = int.MaxValue },
            LowFidelity = lowFidelity,
            // The fixed DLRM row is the reference itself; the searches retrain it beside their pick unless told not to.
            RetrainReference = retrainReference || strategy == SearchStrategy.FixedDlrm,
            TrainingSearch = recipeTrials is { } trials ? new TrainingSearchOptions { Trials = trials } : new TrainingSearchOptions(),
        };

        var results = new List<BenchResult>();
        var fitted = new List<RankitectModelParameters>();
        var baselines = new List<BaselinePoint>();
        foreach (var strategy in strategies.Append(SearchStrategy.FixedDlrm))
        {
            var clock = Stopwatch.StartNew();
            var model = ml.Ranking().Rankitect(Options(strategy)).Fit(split.Train);
            double seconds = clock.Elapsed.TotalSeconds;
            var test = CtrMetrics.Compute(model.Transform(split.Test), CtrTable.LabelColumnName, "Probability");
            var p = model.Model;
            Console.WriteLine($"  seed {seed} {p.StrategyName}: test NE {test.NormalizedEntropy:F4}, AUC {test.Auc:F4}, {p.Flops:N0} FLOPs, " +
                $"search {p.SearchSeconds:F0} s, {p.Trials.Count} evaluated; {p.Architecture}");
            results.Add(new BenchResult
            {
                Dataset = dataset.Name, Model = p.StrategyName, Seed = seed, Rows = split.Train.GetRowCount(),
                Ne = test.NormalizedEntropy, Auc = test.Auc, LogLoss = test.LogLoss, Calibration = test.Calibration,
                ValidationNe = p.Validation.NormalizedEntropy, Flops = p.Flops, Params = p.Parameters, SearchSeconds = p.SearchSeconds, TrainSeconds = seconds,
                Trials = p.Trials.Count(t => t.IsCompleted), KendallTau = p.SupernetKendallTau, Architecture = p.Architecture,
            });
            if (strategy == SearchStrategy.FixedDlrm)
                baselines.Add(new BaselinePoint("fixed DLRM", p.Validation.NormalizedEntropy, p.Flops));
            else
                fitted.Add(p);
        }

        var lightGbm = LightGbm(ml, split, ignored, threads, seed);
        results.Add(new BenchResult
        {
            Dataset = dataset.Name, Model = "lightgbm", Seed = seed, Rows = split.Train.GetRowCount(), Ne = lightGbm.Test.NormalizedEntropy,
            Auc = lightGbm.Test.Auc, LogLoss = lightGbm.Test.LogLoss, Calibration = lightGbm.Test.Calibration, TrainSeconds = lightGbm.Seconds,
        });
        baselines.Add(new BaselinePoint("LightGBM", lightGbm.Validation.NormalizedEntropy, null));

        if (reportFolder is not null)
        {
            var best = fitted.MinBy(p => p.Validation.NormalizedEntropy)!;
            var data = new SearchReportData($"Rankitect strategies on {dataset.Name}", dataset.Name, FittedModelReport.Evaluated(fitted), baselines,
                best.Architecture, new Dictionary<string, string>
                {
                    ["space"] = space.ToString(), ["search budget per strategy"] = $"{budget.TotalSeconds:F0} s", ["seed"] = seed.ToString(),
                    ["split"] = "stratified 80/10/10", ["rows"] = dataset.Description,
                });
            string path = Path.Combine(reportFolder, $"strategies-{dataset.Name}-seed{seed}.html");
            SearchReport.WriteHtml(data, path);
            Console.WriteLine($"  report: {path}");
        }
        return results;
    }

    // LightGBM as CompareWithBaselines builds it, early-stopped on the same validation rows.
    private static (CtrMetrics Test, CtrMetrics Validation, double Seconds) LightGbm(MLContext ml, CtrSplit split, string[] ignored, int threads, int seed)
    {
        var options = new BaselineOptions();
        var roles = CtrColumnRoles.Resolve(split.Train.Schema, new CtrColumnOptions { LabelColumnName = CtrTable.LabelColumnName, IgnoredColumnNames = ignored });
        var trainer = BaselinePipelines.LightGbm(ml, BaselinePipelines.LabelColumnName, options, seed, threads);
        var clock = Stopwatch.StartNew();
        var model = BaselinePipelines.Fit(ml, roles, options, split.Train, split.Validation, (t, v) => trainer.Fit(t, v));
        double seconds = clock.Elapsed.TotalSeconds;
        return (CtrMetrics.Compute(model.Transform(split.Test), roles.LabelColumnName, "Probability"),
            CtrMetrics.Compute(model.Transform(split.Validation), roles.LabelColumnName, "Probability"), seconds);
    }
}

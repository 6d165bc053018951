using System.Diagnostics;
using Microsoft.ML;
using Rankitect.Bench.Datasets;
using Rankitect.Data;
using Rankitect.Featurize;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Experiment;
using Rankitect.Strategies.Dnas;
using Rankitect.Training;

namespace Rankitect.Bench.Suites;

/// <summary>
/// What the search costs in units of one training run: the wall time of a full Rankitect fit (featurization, DNAS
/// search, deriving the architecture, retraining it, ONNX export) divided by the wall time of training the final
/// architecture once more from scratch on the same featurized rows with the same training options.
/// </summary>
public static class SearchCostSuite
{
    public static BenchReport Run(long rows, string? dataFolder, IReadOnlyCollection<string>? only, int seed, int threads)
    {
        var search = new DnasOptions();
        var training = new CtrTrainingOptions { Seed = seed, Threads = threads };
        var report = new BenchReport
        {
            Suite = "searchcost",
            Config =
            {
                ["rows"] = rows, ["data"] = dataFolder, ["split"] = "stratified 90/10 train/validation", ["seed"] = seed, ["threads"] = threads,
                ["dnas_warmup_epochs"] = search.WarmupEpochs, ["dnas_search_epochs"] = search.SearchEpochs,
                ["dnas_cost_weight"] = DnasStrategy.CostWeight, ["retrain_max_epochs"] = training.MaxEpochs,
            },
        };
        foreach (var entry in SharedDataCatalog.Select([SyntheticDataset.Entry(rows)], dataFolder, only))
        {
            if (entry.Skipped)
            {
                report.Results.Add(new BenchResult { Dataset = entry.Name, Model = "skipped", Note = entry.SkipReason });
                continue;
            }
            report.Results.Add(Measure(entry.Load!(rows), search, training, seed, threads));
        }
        return report;
    }

    private static BenchResult Measure(BenchDataset dataset, DnasOptions search, CtrTrainingOptions training, int seed, int threads)
    {
        var ml = new MLContext(seed);
        // Explicit validation rows, so the fit and the retraining below see exactly the same training rows.
        var split = DataSplits.StratifiedSplit(dataset.Data, CtrTable.LabelColumnName, validationFraction: 0.1, testFraction: 0, seed);
        var columns = new CtrColumnOptions
        {
            LabelColumnName = CtrTable.LabelColumnName,
            IgnoredColumnNames = dataset.TrueProbabilityColumn is { } truth ? [truth] : [],
        };

        var clock = Stopwatch.StartNew();
        var fitted = ml.Ranking().Rankitect(new RankitectOptions
        {
            LabelColumnName = columns.LabelColumnName, IgnoredColumnNames = columns.IgnoredColumnNames,
            Strategy = SearchStrategy.Dnas, Dnas = search, Training = training, ValidationData = split.Validation, Seed = seed, Threads = threads,
        }).Fit(split.Train);
        double searchSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"  {dataset.Name} search: {fitted.Model} in {searchSeconds:F1} s");

        // The same featurization (default options, fitted on the same rows) the fit used; not timed.
        var data = PreparedCtrData.Prepare(ml, split.Train, split.Validation, options: new CtrFeaturizerOptions { Columns = columns });
        var architecture = DlrmArchitecture.FromJson(fitted.Model.ArchitectureJson);
        var shape = new CtrFeatureShape(data.Schema.DenseWidth, data.Schema.Cardinalities);
        var trainer = new CtrTrainer(training);
        clock.Restart();
        using var model = trainer.CreateModel(() => new SearchedDlrm(shape, architecture));
        var retrained = trainer.Train(model, data.Train, data.Validation);
        double trainSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"  {dataset.Name} retrain: validation NE {retrained.BestValidation.NormalizedEntropy:F4} in {trainSeconds:F1} s ({retrained.StopReason})");

        return new BenchResult
        {
            Dataset = dataset.Name, Model = "rankitect_dnas", Seed = seed, Rows = data.Train.Count,
            Ne = fitted.Model.Validation.NormalizedEntropy, Auc = fitted.Model.Validation.Auc,
            Params = fitted.Model.Parameters, Flops = fitted.Model.Flops,
            SearchSeconds = searchSeconds, TrainSeconds = trainSeconds, Ratio = searchSeconds / trainSeconds,
        };
    }
}

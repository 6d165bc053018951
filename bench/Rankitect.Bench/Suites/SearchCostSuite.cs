using System.Diagnostics;
using Microsoft.ML;
using Rankitect.Data.Synthetic;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Models;
using Rankitect.SearchSpaces.Spaces;
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
    public static BenchReport Run(long rows, int seed, int threads)
    {
        var search = new DnasOptions();
        var training = new CtrTrainingOptions { Seed = seed, Threads = threads };
        long validationRows = Math.Max(1000, rows / 10);
        var report = new BenchReport
        {
            Suite = "searchcost",
            Config =
            {
                ["rows"] = rows, ["validation_rows"] = validationRows, ["seed"] = seed, ["threads"] = threads,
                ["dnas_warmup_epochs"] = search.WarmupEpochs, ["dnas_search_epochs"] = search.SearchEpochs,
                ["dnas_cost_weight"] = search.CostWeight, ["retrain_max_epochs"] = training.MaxEpochs,
            },
        };
        var ml = new MLContext(seed);
        // Explicit validation rows, so the fit and the retraining below see exactly the same training rows.
        IDataView train = new SyntheticCtrGenerator(new SyntheticCtrOptions { RowCount = rows, Seed = seed }).ToDataView();
        IDataView validation = new SyntheticCtrGenerator(new SyntheticCtrOptions { RowCount = validationRows, FirstRow = 1L << 39, Seed = seed }).ToDataView();

        var clock = Stopwatch.StartNew();
        var fitted = ml.Ranking().Rankitect(new RankitectOptions
        {
            Strategy = SearchStrategy.Dnas, Search = search, Training = training, ValidationData = validation, Seed = seed, Threads = threads,
        }).Fit(train);
        double searchSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"  search: {fitted.Model} in {searchSeconds:F1} s");

        // The same featurization (default options, fitted on the same rows) the fit used; not timed.
        var data = PreparedCtrData.Prepare(ml, train, validation);
        var architecture = DlrmArchitecture.FromJson(fitted.Model.ArchitectureJson);
        var shape = new CtrFeatureShape(data.Schema.DenseWidth, data.Schema.Cardinalities);
        var trainer = new CtrTrainer(training);
        clock.Restart();
        using var model = trainer.CreateModel(() => new SearchedDlrm(shape, architecture));
        var retrained = trainer.Train(model, data.Train, data.Validation);
        double trainSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"  retrain: validation NE {retrained.BestValidation.NormalizedEntropy:F4} in {trainSeconds:F1} s ({retrained.StopReason})");

        report.Results.Add(new BenchResult
        {
            Dataset = $"synthetic_criteo_{rows}", Model = "rankitect_dnas", Seed = seed, Rows = rows,
            Ne = fitted.Model.Validation.NormalizedEntropy, Auc = fitted.Model.Validation.Auc,
            Params = fitted.Model.Parameters, Flops = fitted.Model.Flops,
            SearchSeconds = searchSeconds, TrainSeconds = trainSeconds, Ratio = searchSeconds / trainSeconds,
        });
        return report;
    }
}

using Microsoft.ML;
using Rankitect.Data.Synthetic;
using Rankitect.Evaluation;
using Rankitect.Featurize;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Models;
using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Training;

namespace Rankitect.Bench.Suites;

/// <summary>
/// How close the hand-designed DLRM (<see cref="DlrmSpace.HandDesigned"/>, the product's fixed-DLRM baseline) and
/// logistic regression get to the generator's Bayes-optimal NE as the number
/// of training rows grows. Test rows come from the same ground truth, disjoint from training rows.
/// </summary>
public static class ConvergenceSuite
{
    public static BenchReport Run(IReadOnlyList<long> rowCounts, int seeds, int threads, long testRows, int maxEpochs)
    {
        var report = new BenchReport
        {
            Suite = "convergence",
            Config = { ["rows"] = rowCounts, ["seeds"] = seeds, ["threads"] = threads, ["test_rows"] = testRows, ["max_epochs"] = maxEpochs },
        };
        foreach (long rows in rowCounts)
        {
            for (int seed = 1; seed <= seeds; seed++)
            {
                var ml = new MLContext(seed);
                var train = new SyntheticCtrGenerator(new SyntheticCtrOptions { RowCount = rows, Seed = seed });
                // Far past any training row, so test rows are disjoint draws from the same ground truth.
                var test = new SyntheticCtrGenerator(new SyntheticCtrOptions { RowCount = testRows, FirstRow = 1L << 40, Seed = seed });
                var data = PreparedCtrData.Prepare(ml, train.ToDataView(), ValidationRows(seed, rows), test.ToDataView());
                double bayes = test.BayesNormalizedEntropy();
                string dataset = $"synthetic_criteo_{rows}";
                report.Results.Add(new BenchResult { Dataset = dataset, Model = "bayes", Seed = seed, Rows = rows, Ne = bayes, BayesNe = bayes });

                var trainer = new CtrTrainer(new CtrTrainingOptions { Seed = seed, Threads = threads, MaxEpochs = maxEpochs });
                var schema = data.Schema;
                Evaluate(report, dataset, "logistic_regression", seed, rows, bayes, trainer, data,
                    () => new LogisticRegression(schema.DenseWidth, schema.Cardinalities));
                var space = new DlrmSpace(new CtrFeatureShape(schema.DenseWidth, schema.Cardinalities));
                var handDesigned = DlrmSpace.HandDesigned(space);
                Evaluate(report, dataset, "dlrm", seed, rows, bayes, trainer, data, () => space.Build(handDesigned),
                    new DlrmCostModel(space).Estimate(handDesigned).Flops);
            }
        }
        return report;
    }

    // Validation rows: the next 10% of the generator's stream after the training rows.
    private static IDataView ValidationRows(int seed, long rows)
        => new SyntheticCtrGenerator(new SyntheticCtrOptions { RowCount = Math.Max(1000, rows / 10), FirstRow = 1L << 39, Seed = seed }).ToDataView();

    private static void Evaluate(BenchReport report, string dataset, string name, int seed, long rows, double bayes,
        CtrTrainer trainer, PreparedCtrData data, Func<CtrModule> create, long? flops = null)
    {
        using var model = trainer.CreateModel(create);
        var result = trainer.Train(model, data.Train, data.Validation);
        var metrics = CtrTrainer.Evaluate(model, data.Test!);
        report.Results.Add(new BenchResult
        {
            Dataset = dataset, Model = name, Seed = seed, Rows = rows, Ne = metrics.NormalizedEntropy, Auc = metrics.Auc,
            LogLoss = metrics.LogLoss, Calibration = metrics.Calibration, BayesNe = bayes, Params = model.ParameterCount, Flops = flops,
            TrainSeconds = result.TotalSeconds, SamplesPerSecond = result.SamplesPerSecond,
        });
        Console.WriteLine($"  {dataset} seed {seed} {name}: test NE {metrics.NormalizedEntropy:F4} (Bayes {bayes:F4}), AUC {metrics.Auc:F4}, {result.TotalSeconds:F0} s");
    }
}

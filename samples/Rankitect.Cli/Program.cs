using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Data;
using Rankitect.Data.Synthetic;
using Rankitect.Evaluation;
using Rankitect.Featurize;
using Rankitect.SearchSpaces.Models;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Training;

// rankitect: trains the hand-designed DLRM and logistic regression on CTR data and reports held-out metrics.
// With no arguments it runs on built-in synthetic data whose Bayes-optimal NE is known.
var data = new Option<FileInfo?>("--data") { Description = "A CTR file; omit to use built-in synthetic data." };
var format = new Option<string>("--format") { Description = "Layout of --data: criteo (Criteo TSV) or libfm.", DefaultValueFactory = _ => "criteo" };
var rows = new Option<long>("--rows") { Description = "Synthetic rows (train + validation + test).", DefaultValueFactory = _ => 500_000 };
var seed = new Option<int>("--seed") { Description = "Seed of the data split, initialization and shuffling.", DefaultValueFactory = _ => 1 };
var epochs = new Option<int>("--epochs") { Description = "Most training epochs.", DefaultValueFactory = _ => 8 };
var threads = new Option<int>("--threads") { Description = "TorchSharp threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
var hashing = new Option<int?>("--hash-bits") { Description = "Hash categorical values into 2^bits rows instead of a vocabulary." };
var optimizer = new Option<OptimizerKind>("--optimizer") { Description = "Adam, Adagrad or Sgd.", DefaultValueFactory = _ => OptimizerKind.Adam };
var learningRate = new Option<double?>("--lr") { Description = "Learning rate (default: the optimizer's own)." };
var batchSize = new Option<int>("--batch-size") { Description = "Rows per minibatch.", DefaultValueFactory = _ => 512 };
var embeddingDim = new Option<int>("--embedding-dim") { Description = "DLRM embedding dimension.", DefaultValueFactory = _ => 16 };

var root = new RootCommand("Rankitect: CTR models for ML.NET. Trains DLRM and logistic regression and reports test NE/AUC.")
{
    data, format, rows, seed, epochs, threads, hashing, optimizer, learningRate, batchSize, embeddingDim,
};
root.SetAction(parse => Run(parse.GetValue(data), parse.GetValue(format)!, parse.GetValue(rows), parse.GetValue(seed), parse.GetValue(hashing),
    new CtrTrainingOptions
    {
        Seed = parse.GetValue(seed), Threads = parse.GetValue(threads), MaxEpochs = parse.GetValue(epochs),
        Optimizer = parse.GetValue(optimizer), LearningRate = parse.GetValue(learningRate), BatchSize = parse.GetValue(batchSize),
    },
    new DlrmConfig { EmbeddingDimension = parse.GetValue(embeddingDim) }));
return root.Parse(args).Invoke();

static int Run(FileInfo? file, string format, long rows, int seed, int? hashBits, CtrTrainingOptions training, DlrmConfig dlrm)
{
    var total = Stopwatch.StartNew();
    var ml = new MLContext(seed);
    var featurizerOptions = new CtrFeaturizerOptions();
    if (hashBits is { } bits)
    {
        featurizerOptions.Encoding = CategoricalEncoding.Hashing;
        featurizerOptions.HashBits = bits;
    }

    IDataView source;
    string name;
    if (file is null)
    {
        name = $"synthetic ({rows:N0} rows, Criteo-shaped, planted interactions)";
        source = new SyntheticCtrGenerator(new SyntheticCtrOptions { RowCount = rows, Seed = seed }).ToDataView(includeTrueProbability: true);
        featurizerOptions.Columns.IgnoredColumnNames = new[] { SyntheticCtrGenerator.TrueProbabilityColumnName };
    }
    else
    {
        name = file.Name;
        source = format.ToLowerInvariant() switch
        {
            "criteo" => ml.Data.LoadCriteoTsv(file.FullName),
            "libfm" => ml.Data.LoadLibFm(file.FullName),
            _ => throw new ArgumentException($"Unknown --format '{format}'; expected criteo or libfm."),
        };
    }

    Console.WriteLine($"data: {name}");
    var split = DataSplits.StratifiedSplit(source, validationFraction: 0.1, testFraction: 0.1, seed: seed);
    var prepared = PreparedCtrData.Prepare(ml, split.Train, split.Validation, split.Test, featurizerOptions);
    Console.WriteLine($"features: {prepared.Schema}");
    Console.WriteLine($"rows: train {prepared.Train.Count:N0}, validation {prepared.Validation.Count:N0}, test {prepared.Test!.Count:N0}");

    double? bayes = null;
    if (file is null)
    {
        var truth = split.Test.GetColumn<float>(SyntheticCtrGenerator.TrueProbabilityColumnName).ToArray();
        bayes = CtrMetrics.Compute(prepared.Test.Labels(), truth).NormalizedEntropy;
    }

    var trainer = new CtrTrainer(training);
    var schema = prepared.Schema;
    var table = new List<string[]> { new[] { "model", "test NE", "AUC", "LogLoss", "calibration", "params", "epochs", "train s", "samples/s" } };
    foreach (var (label, create) in new (string, Func<CtrModule>)[]
             {
                 ("logistic regression", () => new LogisticRegression(schema.DenseWidth, schema.Cardinalities)),
                 ("DLRM", () => new Dlrm(schema.DenseWidth, schema.Cardinalities, dlrm)),
             })
    {
        using var model = trainer.CreateModel(create);
        var result = trainer.Train(model, prepared.Train, prepared.Validation, new SynchronousProgress(label));
        var test = CtrTrainer.Evaluate(model, prepared.Test);
        table.Add(new[]
        {
            label, F(test.NormalizedEntropy), F(test.Auc), F(test.LogLoss), F(test.Calibration), model.ParameterCount.ToString("N0", CultureInfo.InvariantCulture),
            result.History[result.BestCheckpoint].Epoch.ToString(CultureInfo.InvariantCulture), result.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
            result.SamplesPerSecond.ToString("N0", CultureInfo.InvariantCulture),
        });
    }
    if (bayes is { } b)
        table.Add(new[] { "Bayes-optimal (true p)", F(b), "", "", "", "", "", "", "" });

    Console.WriteLine();
    Print(table);
    Console.WriteLine($"\ntotal {total.Elapsed.TotalSeconds:F0} s");
    return 0;
}

static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

static void Print(List<string[]> table)
{
    var widths = Enumerable.Range(0, table[0].Length).Select(c => table.Max(r => r[c].Length)).ToArray();
    foreach (var row in table)
        Console.WriteLine(string.Join("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))));
}

/// <summary>Prints training progress on the training thread (Progress&lt;T&gt; would post to the thread pool and
/// interleave lines).</summary>
sealed class SynchronousProgress(string label) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress p)
        => Console.WriteLine($"  {label}: epoch {p.Epoch}, train loss {p.TrainLoss:F4}, validation NE {p.Validation.NormalizedEntropy:F4}, {p.ElapsedSeconds:F0} s");
}

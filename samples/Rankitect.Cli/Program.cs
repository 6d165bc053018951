using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect;
using Rankitect.Baselines;
using Rankitect.Data;
using Rankitect.Data.Synthetic;
using Rankitect.Evaluation;
using Rankitect.Featurize;
using Rankitect.Training;

// rankitect: the Model Builder-like job. Search a CTR network on the data, compare it with the baselines on held-out
// rows, save the ML.NET model zip, reload it the way a production app does and score a few rows.
// With no arguments it runs on built-in synthetic Criteo-shaped data whose Bayes-optimal NE is known.
var data = new Option<FileInfo?>("--data") { Description = "A CTR file; omit to use built-in synthetic data." };
var format = new Option<string>("--format") { Description = "Layout of --data: criteo (Criteo TSV) or libfm (libFM/libSVM).", DefaultValueFactory = _ => "criteo" };
var rows = new Option<long>("--rows") { Description = "Synthetic rows (train + test).", DefaultValueFactory = _ => 200_000 };
var label = new Option<string>("--label") { Description = "Label column.", DefaultValueFactory = _ => "Label" };
var dense = new Option<string?>("--dense") { Description = "Comma-separated dense columns (default: inferred)." };
var categorical = new Option<string?>("--categorical") { Description = "Comma-separated categorical columns (default: inferred)." };
var ignore = new Option<string?>("--ignore") { Description = "Comma-separated columns to ignore." };
var strategy = new Option<SearchStrategy>("--strategy") { Description = "Dnas or FixedDlrm.", DefaultValueFactory = _ => SearchStrategy.Dnas };
var epochs = new Option<int?>("--epochs") { Description = "Most epochs of the final training (default: the library's)." };
var seed = new Option<int>("--seed") { Description = "Seed of the split, search and training.", DefaultValueFactory = _ => 1 };
var threads = new Option<int>("--threads") { Description = "TorchSharp threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
var hashBits = new Option<int?>("--hash-bits") { Description = "Hash categorical values into 2^bits rows instead of a vocabulary." };
var testFraction = new Option<double>("--test-fraction") { Description = "Share of rows held out for the test table.", DefaultValueFactory = _ => 0.1 };
var output = new Option<string>("--out") { Description = "Where to save the model zip.", DefaultValueFactory = _ => "rankitect-model.zip" };
var noBaselines = new Option<bool>("--no-baselines") { Description = "Skip LightGBM, FastTree, logistic regression and the fixed DLRM." };

var root = new RootCommand("Rankitect: neural architecture search for CTR models in ML.NET.")
{
    data, format, rows, label, dense, categorical, ignore, strategy, epochs, seed, threads, hashBits, testFraction, output, noBaselines,
};
root.SetAction(parse =>
{
    static IReadOnlyList<string>? List(string? value) => value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    var options = new RankitectOptions
    {
        LabelColumnName = parse.GetValue(label)!,
        DenseColumnNames = List(parse.GetValue(dense)),
        CategoricalColumnNames = List(parse.GetValue(categorical)),
        IgnoredColumnNames = List(parse.GetValue(ignore)),
        Strategy = parse.GetValue(strategy),
        Seed = parse.GetValue(seed),
        Threads = parse.GetValue(threads),
        Progress = new ConsoleProgress(),
    };
    if (parse.GetValue(epochs) is { } e) options.Training.MaxEpochs = e;
    if (parse.GetValue(hashBits) is { } bits)
    {
        options.Featurization.Encoding = CategoricalEncoding.Hashing;
        options.Featurization.HashBits = bits;
    }
    return Run(parse.GetValue(data), parse.GetValue(format)!, parse.GetValue(rows), options, parse.GetValue(testFraction),
        parse.GetValue(output)!, !parse.GetValue(noBaselines));
});
return root.Parse(args).Invoke();

static int Run(FileInfo? file, string format, long rows, RankitectOptions options, double testFraction, string zipPath, bool baselines)
{
    var total = Stopwatch.StartNew();
    var ml = new MLContext(options.Seed);
    IDataView source;
    if (file is null)
    {
        Console.WriteLine($"data: built-in synthetic, {rows:N0} Criteo-shaped rows (13 dense, 26 categorical) with planted interactions");
        source = new SyntheticCtrGenerator(new SyntheticCtrOptions { RowCount = rows, Seed = options.Seed ?? 1 }).ToDataView(includeTrueProbability: true);
        options.IgnoredColumnNames = (options.IgnoredColumnNames ?? Array.Empty<string>()).Append(SyntheticCtrGenerator.TrueProbabilityColumnName).ToArray();
    }
    else
    {
        Console.WriteLine($"data: {file.FullName} ({format})");
        source = format.ToLowerInvariant() switch
        {
            "criteo" => ml.Data.LoadCriteoTsv(file.FullName, new CriteoTsvOptions { LabelColumnName = options.LabelColumnName }),
            "libfm" => ml.Data.LoadLibFm(file.FullName, new LibFmOptions { LabelColumnName = options.LabelColumnName }),
            _ => throw new ArgumentException($"Unknown --format '{format}'; expected criteo or libfm."),
        };
    }

    var split = DataSplits.StratifiedSplit(source, options.LabelColumnName, validationFraction: 0, testFraction, options.Seed ?? 1);
    RankitectTransformer model;
    if (baselines)
    {
        var report = ml.Ranking().CompareWithBaselines(split.Train, split.Test, options);
        Console.WriteLine($"\nheld-out test rows: {report.TestRows:N0} (trained on {report.TrainRows:N0})");
        Console.Write(report.ToTable());
        model = report.Rankitect;
    }
    else
    {
        model = ml.Ranking().Rankitect(options).Fit(split.Train);
        var test = CtrMetrics.Compute(model.Transform(split.Test), options.LabelColumnName);
        Console.WriteLine($"\nRankitect test NE {test.NormalizedEntropy:F4}, AUC {test.Auc:F4}, LogLoss {test.LogLoss:F4}");
    }
    if (file is null)
    {
        var truth = split.Test.GetColumn<float>(SyntheticCtrGenerator.TrueProbabilityColumnName).ToArray();
        var labels = split.Test.GetColumn<bool>(options.LabelColumnName).Select(l => l ? 1f : 0f).ToArray();
        Console.WriteLine($"Bayes-optimal test NE (true probabilities): {CtrMetrics.Compute(labels, truth).NormalizedEntropy:F4}");
    }

    Console.WriteLine($"\nchosen: {model.Model}");
    Console.WriteLine($"architecture JSON: {model.Model.ArchitectureJson}");
    Console.WriteLine($"search history: {model.Model.History.Count} recorded steps");

    ml.Model.Save(model, split.Train.Schema, zipPath);
    Console.WriteLine($"\nsaved {zipPath} ({new FileInfo(zipPath).Length / 1024.0:N0} KB); reloading with plain mlContext.Model.Load");
    var loaded = new MLContext().Model.Load(zipPath, out _);
    var few = ml.Data.TakeRows(split.Test, 5);
    var reloaded = loaded.Transform(few).GetColumn<float>("Probability").ToArray();
    var inMemory = model.Transform(few).GetColumn<float>("Probability").ToArray();
    for (int i = 0; i < reloaded.Length; i++)
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  row {i}: p(click) reloaded {reloaded[i]:F6}, in memory {inMemory[i]:F6}"));
    Console.WriteLine($"\ntotal {total.Elapsed.TotalSeconds:F0} s");
    return 0;
}

/// <summary>Prints progress on the thread that reports it (Progress&lt;T&gt; would post to the thread pool).</summary>
sealed class ConsoleProgress : IProgress<RankitectProgress>
{
    public void Report(RankitectProgress value) => Console.WriteLine($"  [{value.ElapsedSeconds,6:F1} s] {value.Phase}: {value.Message}");
}

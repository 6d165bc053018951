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
using Rankitect.Experiment.Store;
using Rankitect.Featurize;
using Rankitect.Reporting;
using Rankitect.Serving;
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
var strategy = new Option<SearchStrategy[]>("--strategy")
{
    Description = "Dnas, OneShot, RegularizedEvolution, RandomSearch, Tpe or FixedDlrm; several (e.g. --strategy Dnas OneShot RandomSearch) " +
        "are each run on the same split and search budget, the report compares them and the best on validation NE is saved.",
    DefaultValueFactory = _ => [new RankitectOptions().Strategy], AllowMultipleArgumentsPerToken = true,
};
var space = new Option<SearchSpaceKind>("--space") { Description = "Dlrm, BlockSmall or BlockFull.", DefaultValueFactory = _ => new RankitectOptions().Space };
var flopsBudget = new Option<long?>("--flops-budget") { Description = "Most FLOPs per example of the returned network." };
var neTolerance = new Option<double?>("--ne-tolerance") { Description = "Return the fewest-FLOPs architecture whose validation NE is within this relative tolerance of the best (e.g. 0.01)." };
var searchBudget = new Option<double?>("--search-budget") { Description = "Seconds of search (not counting featurization and the final retraining)." };
var reportPath = new Option<string>("--report") { Description = "Where to write the HTML report (Pareto plot, search curve, tables).", DefaultValueFactory = _ => "rankitect-report.html" };
var epochs = new Option<int?>("--epochs") { Description = "Most epochs of the final training (default: the library's)." };
var recipeTrials = new Option<int?>("--recipe-trials") { Description = "Trainings of the chosen architecture with other training recipes (optimizer, learning rates, regularisation, batch size); 0 turns the hyperparameter search off (default: the library's, 8)." };
var ensemble = new Option<int?>("--ensemble") { Description = "Average the K best retrained networks (mean probability, FLOPs summed) as one more candidate, returned only when its validation NE wins; 0 or 1 is off (default: the library's, RankitectOptions.EnsembleSize)." };
var seed = new Option<int>("--seed") { Description = "Seed of the split, search and training.", DefaultValueFactory = _ => 1 };
var threads = new Option<int>("--threads") { Description = "TorchSharp threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
var hashBits = new Option<int?>("--hash-bits") { Description = "Hash categorical values into 2^bits rows instead of a vocabulary." };
var testFraction = new Option<double>("--test-fraction") { Description = "Share of rows held out for the test table.", DefaultValueFactory = _ => 0.1 };
var output = new Option<string>("--out") { Description = "Where to save the model zip.", DefaultValueFactory = _ => "rankitect-model.zip" };
var noBaselines = new Option<bool>("--no-baselines") { Description = "Skip the baselines: LightGBM (default and tuned), FastTree, logistic regression, the fixed DLRM and DCN-v2." };
var recipeEnsemble = new Option<int?>("--recipe-ensemble") { Description = "Let the ensemble of the recipe search's best K trainings replace the returned network when it is better beyond noise (0 or 1: off; default 3)." };
var noCalibration = new Option<bool>("--no-calibration") { Description = "Return the networks as trained, without Platt-scaling their logits on the validation rows (calibration keeps the ranking and usually lowers NE)." };
var nondeterministic = new Option<bool>("--nondeterministic") { Description = "Let parallel trials start whenever a core frees up (busier cores; the search then depends on timing, so the same --seed and --threads may give another model)." };
var logPath = new Option<string>("--log") { Description = "Where native libraries' messages (LightGBM, libtorch, ONNX Runtime) go instead of between the tables; created only when there are some.", DefaultValueFactory = _ => "rankitect.log" };
var store = new Option<string?>("--store") { Description = "Where every trial is written as it starts and ends: a SQLite file (created when missing) or a PostgreSQL connection string (Host=...;Username=...;Database=...); a study already in it is refused unless --resume." };
var resume = new Option<bool>("--resume") { Description = "Continue the --store's study: finished trials are taken from it, not trained again (same data, options, --seed and --threads required)." };
var study = new Option<string>("--study") { Description = "The study of --store (with several --strategy values, each strategy gets <study>-<strategy>).", DefaultValueFactory = _ => "default" };
var maxMemory = new Option<int?>("--max-memory-mb") { Description = "Stop and record as failed the trials running when the process's resident memory passes this many MB (the search goes on)." };
var verbose = new Option<bool>("--verbose") { Description = "Print the stack trace of an error." };
var keepWorse = new Option<bool>("--keep-worse-than-base-rate") { Description = "Save the model even when its validation NE is 1 or more (no better than predicting the base rate)." };

var root = new RootCommand("Rankitect: neural architecture search for CTR models in ML.NET.")
{
    data, format, rows, label, dense, categorical, ignore, strategy, space, flopsBudget, neTolerance, searchBudget, epochs, recipeTrials, ensemble, seed, threads,
    hashBits, testFraction, output, reportPath, logPath, noBaselines, nondeterministic, noCalibration, recipeEnsemble, store, resume, study, maxMemory, verbose, keepWorse,
};
// rankitect inspect <model.zip>: what a saved model is (architecture, FLOPs, features, metrics, options, trials).
root.Subcommands.Add(InspectCommand.Create());
// rankitect status --store trials.db: a search's progress and leaderboard from its trial store.
root.Subcommands.Add(StatusCommand.Create());
root.SetAction(parse => UserErrors.Run(() =>
{
    static IReadOnlyList<string>? List(string? value) => value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    var options = new RankitectOptions
    {
        LabelColumnName = parse.GetValue(label)!,
        DenseColumnNames = List(parse.GetValue(dense)),
        CategoricalColumnNames = List(parse.GetValue(categorical)),
        IgnoredColumnNames = List(parse.GetValue(ignore)),
        Strategy = parse.GetValue(strategy)![0],
        Space = parse.GetValue(space),
        FlopsBudget = parse.GetValue(flopsBudget),
        NeTolerance = parse.GetValue(neTolerance),
        SearchTimeBudget = parse.GetValue(searchBudget) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        Seed = parse.GetValue(seed),
        Threads = parse.GetValue(threads),
        Deterministic = !parse.GetValue(nondeterministic),
        Calibrate = !parse.GetValue(noCalibration),
        MaximumMemoryMB = parse.GetValue(maxMemory),
    };
    if (parse.GetValue(resume) && parse.GetValue(store) is null)
        throw new ArgumentException("--resume needs --store: the trial store to resume from.", "--resume");
    options.Resume = parse.GetValue(resume);
    options.Study = parse.GetValue(study)!;
    if (parse.GetValue(store) is { } storePath)
    {
        try
        {
            options.TrialStore = SqlTrialStore.Open(storePath);
        }
        catch (Exception error) when (error is IOException or ArgumentException)
        {
            throw new ArgumentException($"{error.Message.Replace(" (Parameter 'connectionString')", "")} (--store)", "--store", error);
        }
    }
    if (parse.GetValue(epochs) is { } e) options.Training.MaxEpochs = e;
    if (parse.GetValue(recipeTrials) is { } r) options.TrainingSearch.Trials = r;
    if (parse.GetValue(recipeEnsemble) is { } members) options.TrainingSearch.EnsembleSize = members;
    if (parse.GetValue(ensemble) is { } k) options.EnsembleSize = k;
    if (parse.GetValue(hashBits) is { } bits)
    {
        options.Featurization.Encoding = CategoricalEncoding.Hashing;
        options.Featurization.HashBits = bits;
    }
    return Run(parse.GetValue(data), parse.GetValue(format)!, parse.GetValue(rows), options, parse.GetValue(strategy)!.Distinct().ToArray(), parse.GetValue(testFraction),
        parse.GetValue(output)!, parse.GetValue(reportPath)!, parse.GetValue(logPath)!, !parse.GetValue(noBaselines), parse.GetValue(keepWorse));
}, parse.GetValue(verbose)));
return root.Parse(args).Invoke();

static int Run(FileInfo? file, string format, long rows, RankitectOptions options, SearchStrategy[] strategies, double testFraction, string zipPath,
    string reportPath, string logPath, bool baselines, bool keepWorse)
{
    var total = Stopwatch.StartNew();
    using var trialStore = options.TrialStore;
    string study = options.Study;
    if (trialStore is not null && strategies.Length > 1)
        options.Study = $"{study}-{strategies[0]}";
    // Whatever is knowable from the flags alone is refused before anything is claimed, read or trained.
    if (!(testFraction > 0 && testFraction < 1))
        throw new ArgumentOutOfRangeException("--test-fraction", testFraction,
            $"--test-fraction must be in (0, 1): the test table needs held-out rows and training the rest; got {testFraction.ToString(CultureInfo.InvariantCulture)}.");
    if (file is null && rows <= 0)
        throw new ArgumentOutOfRangeException("--rows", rows, $"--rows must be positive; got {rows}.");
    var ml = new MLContext(options.Seed);
    var rankitect = ml.Ranking().Rankitect(options); // bad options (epochs, budgets, hash bits, ...) throw here
    // Claimed now, not after the work: a second run writing the same files fails here, naming the first.
    using var zipFile = AtomicFile.Reserve(zipPath);
    using var reportFile = AtomicFile.Reserve(reportPath);
    using var nativeLog = NativeOutputLog.Start(logPath);
    using var progress = new LiveProgress();
    options.Progress = progress;
    IDataView source;
    if (file is null)
    {
        progress.WriteLine($"data: built-in synthetic, {rows:N0} Criteo-shaped rows (13 dense, 26 categorical) with planted interactions");
        source = new SyntheticCtrGenerator(new SyntheticCtrOptions { RowCount = rows, Seed = options.Seed ?? 1 }).ToDataView(includeTrueProbability: true);
        options.IgnoredColumnNames = (options.IgnoredColumnNames ?? Array.Empty<string>()).Append(SyntheticCtrGenerator.TrueProbabilityColumnName).ToArray();
    }
    else
    {
        progress.WriteLine($"data: {file.FullName} ({format})");
        source = format.ToLowerInvariant() switch
        {
            "criteo" => ml.Data.LoadCriteoTsv(file.FullName, new CriteoTsvOptions { LabelColumnName = options.LabelColumnName }),
            "libfm" => ml.Data.LoadLibFm(file.FullName, new LibFmOptions { LabelColumnName = options.LabelColumnName }),
            _ => throw new ArgumentException($"Unknown --format '{format}'; expected criteo or libfm."),
        };
    }

    // The columns, and a FLOPs budget below the cheapest network of each strategy, before the split reads a row.
    rankitect.CheckInput(source.Schema);
    foreach (var other in strategies.Skip(1))
        ml.Ranking().Rankitect(WithStrategy(options, other, study)).CheckInput(source.Schema);
    var split = DataSplits.StratifiedSplit(source, options.LabelColumnName, validationFraction: 0, testFraction, options.Seed ?? 1);
    RankitectTransformer model;
    BaselineReport? comparison = null;
    if (baselines)
    {
        comparison = ml.Ranking().CompareWithBaselines(split.Train, split.Test, options);
        progress.WriteLine($"\nheld-out test rows: {comparison.TestRows:N0} (trained on {comparison.TrainRows:N0})");
        progress.WriteLine(comparison.ToTable().TrimEnd());
        model = comparison.Rankitect;
    }
    else
    {
        model = rankitect.Fit(split.Train);
        var test = CtrMetrics.Compute(model.Transform(split.Test), options.LabelColumnName);
        progress.WriteLine($"\nRankitect ({options.Strategy}) test NE {test.NormalizedEntropy:F4}, AUC {test.Auc:F4}, LogLoss {test.LogLoss:F4}");
    }
    // Further strategies: same split, seed and budget; the best on validation NE is the one saved.
    var fits = new List<RankitectTransformer> { model };
    foreach (var other in strategies.Skip(1))
    {
        var fit = ml.Ranking().Rankitect(WithStrategy(options, other, study)).Fit(split.Train);
        var test = CtrMetrics.Compute(fit.Transform(split.Test), options.LabelColumnName);
        progress.WriteLine($"Rankitect ({other}): test NE {test.NormalizedEntropy:F4}, AUC {test.Auc:F4}, {fit.Model.Flops:N0} FLOPs/example, " +
            $"validation NE {fit.Model.Validation.NormalizedEntropy:F4}");
        fits.Add(fit);
    }
    model = fits.MinBy(f => f.Model.Validation.NormalizedEntropy)!;
    if (fits.Count > 1)
        progress.WriteLine($"best on validation NE: {model.Model.Strategy}");
    if (file is null)
    {
        var truth = split.Test.GetColumn<float>(SyntheticCtrGenerator.TrueProbabilityColumnName).ToArray();
        var labels = split.Test.GetColumn<bool>(options.LabelColumnName).Select(l => l ? 1f : 0f).ToArray();
        progress.WriteLine($"Bayes-optimal test NE (true probabilities): {CtrMetrics.Compute(labels, truth).NormalizedEntropy:F4}");
    }

    progress.WriteLine($"\nchosen: {model.Model}");
    progress.WriteLine($"training recipe: {string.Join(", ", model.Model.Info.Hyperparameters.Select(p => $"{p.Key} {p.Value}"))}");
    progress.WriteLine($"architecture JSON: {model.Model.ArchitectureJson}");
    progress.WriteLine($"search: {model.Model.StrategyName} on the {model.Model.SearchSpace} space, {model.Model.Trials.Count(t => t.IsCompleted)} architectures evaluated" +
        (model.Model.SupernetKendallTau is { } tau ? $", supernet ranking Kendall tau {tau:F3}" : ""));
    progress.WriteLine(model.Model.Reproducible
        ? $"reproducible: the same data, --seed {options.Seed} and --threads {options.Threads} give this model again, bit for bit"
        : "not reproducible bit for bit: " + (!options.Deterministic ? "--nondeterministic was given"
            : model.Model.Cancelled ? "a time budget or cancellation stopped the run" : "a search time budget stopped the search where the clock said"));
    progress.WriteLine("Pareto front (validation NE against FLOPs/example):");
    foreach (var point in model.Model.ParetoFront)
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  NE {point.NormalizedEntropy:F4}  {point.Flops,12:N0} FLOPs  {point.Parameters,10:N0} params  {point.Fidelity,-8} {model.Model.DescribeTrial(point)}"));
    var report = ReportData(model, fits, comparison, file?.Name ?? "built-in synthetic");
    reportFile.Commit(stream => SearchReport.WriteHtml(report, stream));
    progress.WriteLine($"report: {Path.GetFullPath(reportPath)}");

    if (model.Model.IsWorseThanBaseRate)
    {
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\nWARNING: the chosen network's validation NE is {model.Model.Validation.NormalizedEntropy:F4} >= 1: it predicts no better than the base rate."));
        if (!keepWorse)
        {
            progress.WriteLine($"not saved to {zipPath}; --keep-worse-than-base-rate saves it anyway.");
            return 1;
        }
    }
    zipFile.Commit(stream => ml.Model.Save(model, split.Train.Schema, stream)); // the previous zip stays whole until the rename
    progress.WriteLine($"\nsaved {zipPath} ({new FileInfo(zipPath).Length / 1024.0:N0} KB); reloading with plain mlContext.Model.Load");
    var loaded = new MLContext().Model.Load(zipPath, out _);
    var few = ml.Data.TakeRows(split.Test, 5);
    var reloaded = loaded.Transform(few).GetColumn<float>("Probability").ToArray();
    var inMemory = model.Transform(few).GetColumn<float>("Probability").ToArray();
    for (int i = 0; i < reloaded.Length; i++)
        progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  row {i}: p(click) reloaded {reloaded[i]:F6}, in memory {inMemory[i]:F6}"));
    if (nativeLog.Lines > 0)
        progress.WriteLine($"native libraries' messages: {nativeLog.Lines} lines in {Path.GetFullPath(nativeLog.Path)}");
    if (nativeLog.LogFailed)
        progress.WriteLine($"native libraries' messages could not be written to {Path.GetFullPath(nativeLog.Path)} (--log) and were dropped");
    progress.WriteLine($"\ntotal {total.Elapsed.TotalSeconds:F0} s");
    return 0;
}

static RankitectOptions WithStrategy(RankitectOptions options, SearchStrategy strategy, string study)
{
    var copy = options.Clone();
    copy.Strategy = strategy;
    if (copy.TrialStore is not null)
        copy.Study = $"{study}-{strategy}";
    return copy;
}

// The HTML report: every evaluated architecture, the baselines at their validation NE, and the test table.
static SearchReportData ReportData(RankitectTransformer model, IReadOnlyList<RankitectTransformer> fits, BaselineReport? comparison, string dataset)
{
    var p = model.Model;
    var baselines = comparison?.Rows.Where(r => r.Validation is not null && !r.Model.StartsWith("Rankitect", StringComparison.Ordinal))
        .Select(r => new BaselinePoint(r.Model, r.Validation!.NormalizedEntropy, r.Flops)).ToList() ?? [];
    var tables = comparison is null ? null : new[]
    {
        new MetricsTable("Held-out test rows", ["test NE", "AUC", "LogLoss", "calibration", "FLOPs/example", "train s"],
            comparison.Rows.Select(r => new MetricsRow(r.Model, [r.Test.NormalizedEntropy, r.Test.Auc, r.Test.LogLoss, r.Test.Calibration,
                r.Flops ?? double.NaN, r.TrainSeconds])).ToList()),
    };
    var settings = new Dictionary<string, string>
    {
        ["strategy"] = p.StrategyName, ["space"] = p.SearchSpace, ["features"] = p.FeatureSchema.ToString(),
        ["validation NE of the returned network"] = p.Validation.NormalizedEntropy.ToString("F4", CultureInfo.InvariantCulture),
        ["search seconds"] = p.SearchSeconds.ToString("F1", CultureInfo.InvariantCulture),
    };
    if (p.IsWorseThanBaseRate)
        settings["WARNING"] = "the returned network's validation NE is 1 or more: it predicts no better than the base rate";
    return new SearchReportData($"Rankitect search on {dataset}", dataset, FittedModelReport.Evaluated(fits.Select(f => f.Model)), baselines,
        p.Architecture, settings, tables);
}

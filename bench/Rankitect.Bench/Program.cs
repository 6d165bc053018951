using Rankitect;
using System.CommandLine;
using Rankitect.Bench;
using Rankitect.Bench.Suites;

var rows = new Option<long?>("--rows") { Description = "Rows of synthetic data (throughput default 200,000; convergence: the largest of 20k/100k/400k)." };
var seeds = new Option<int>("--seeds") { Description = "Seeds per configuration.", DefaultValueFactory = _ => 1 };
var threads = new Option<int>("--threads") { Description = "TorchSharp threads.", DefaultValueFactory = _ => Environment.ProcessorCount };
var output = new Option<string>("--out") { Description = "JSON output path.", DefaultValueFactory = _ => "bench-result.json" };
var steps = new Option<int>("--steps") { Description = "Training steps per batch size (throughput).", DefaultValueFactory = _ => 150 };
var epochs = new Option<int>("--epochs") { Description = "Most training epochs (convergence).", DefaultValueFactory = _ => 10 };



var convergence = new Command("convergence", "DLRM and logistic regression test NE against the Bayes NE as training rows grow.") { rows, seeds, threads, output, epochs };
convergence.SetAction(parse =>
{
    long largest = parse.GetValue(rows) ?? 400_000;
    var counts = new[] { largest / 20, largest / 4, largest }.Where(n => n >= 5_000).Distinct().ToArray();
    return Finish(ConvergenceSuite.Run(counts, parse.GetValue(seeds), parse.GetValue(threads), testRows: 50_000, parse.GetValue(epochs)), parse.GetValue(output)!);
});

var scoringRows = new Option<long>("--rows") { Description = "Synthetic rows scored by every model.", DefaultValueFactory = _ => 100_000 };
var trainRows = new Option<long>("--train-rows") { Description = "Synthetic rows the models are trained on (disjoint from the scored rows).", DefaultValueFactory = _ => 50_000 };
var latencyRows = new Option<int>("--latency-rows") { Description = "Single-row predictions timed per model, after 500 warm-up ones.", DefaultValueFactory = _ => 5_000 };
var scoring = new Command("scoring", "Saved Rankitect, LightGBM and FastTree zips loaded with plain MLContext: rows/s and single-row latency.") { scoringRows, trainRows, latencyRows, threads, output };
scoring.SetAction(parse => Finish(ScoringSuite.Run(parse.GetValue(scoringRows), parse.GetValue(trainRows), seed: 1, parse.GetValue(threads), parse.GetValue(latencyRows)), parse.GetValue(output)!));


var qualityRows = new Option<long>("--rows") { Description = "Most rows per data set: the synthetic data set's size, and a seeded random subsample of larger real ones.", DefaultValueFactory = _ => 30_000 };
var qualitySeeds = new Option<int>("--seeds") { Description = "Seeds per data set (split, initialisation, search).", DefaultValueFactory = _ => 2 };
var dataFolder = new Option<string?>("--data") { Description = "A folder laid out like ../shared/data: every sub-folder with a known SOURCE.md layout is a data set." };
var noSynthetic = new Option<bool>("--no-synthetic") { Description = "Leave out the synthetic data set." };
var onlyDatasets = new Option<string[]>("--datasets") { Description = "Only these data sets (names as reported), e.g. --datasets criteo_kaggle_head8k movielens_1m_users1to2999.", AllowMultipleArgumentsPerToken = true };
var recipeTrials = new Option<int?>("--recipe-trials") { Description = "Trainings of the chosen architecture with other training recipes (RankitectOptions.TrainingSearch.Trials; default: the library's)." };
var qualityStrategy = new Option<SearchStrategy>("--strategy") { Description = "Rankitect's strategy (RankitectOptions.Strategy); FixedDlrm leaves out the duplicate fixed-DLRM baseline.", DefaultValueFactory = _ => SearchStrategy.Dnas };
var tuningBudget = new Option<double?>("--tuning-budget") { Description = "Seconds of the tuned LightGBM's random search (default: Rankitect's search seconds of the same data set and seed)." };
var qualityEnsemble = new Option<int?>("--ensemble") { Description = "Rankitect's ensemble size (RankitectOptions.EnsembleSize; 0 or 1 off; default: the library's)." };
var qualityNoBaselines = new Option<bool>("--no-baselines") { Description = "Rankitect alone: leave out every baseline (to compare Rankitect settings with each other)." };
var qualityNoCalibration = new Option<bool>("--no-calibration") { Description = "Networks as trained, without Platt scaling on the validation rows (RankitectOptions.Calibrate = false)." };
var recipeEnsemble = new Option<int?>("--recipe-ensemble") { Description = "Ensemble of the recipe search's best K trainings, kept when better beyond noise (RankitectOptions.TrainingSearch.EnsembleSize; default: the library's)." };
var quality = new Command("quality", "Test NE/AUC/LogLoss/calibration, FLOPs, parameters and seconds of Rankitect and the baselines, K seeds per data set.") { qualityRows, qualitySeeds, dataFolder, noSynthetic, onlyDatasets, qualityStrategy, recipeTrials, qualityEnsemble, qualityNoBaselines, qualityNoCalibration, recipeEnsemble, tuningBudget, threads, output };
quality.SetAction(parse => Finish(QualitySuite.Run(parse.GetValue(noSynthetic) ? 0 : parse.GetValue(qualityRows), parse.GetValue(dataFolder),
    parse.GetValue(qualityRows), parse.GetValue(qualitySeeds), parse.GetValue(threads), parse.GetValue(onlyDatasets),
    parse.GetValue(tuningBudget) is { } seconds ? TimeSpan.FromSeconds(seconds) : null, parse.GetValue(recipeTrials), parse.GetValue(qualityStrategy),
    parse.GetValue(qualityEnsemble), !parse.GetValue(qualityNoBaselines), !parse.GetValue(qualityNoCalibration), parse.GetValue(recipeEnsemble)), parse.GetValue(output)!));

var searchRows = new Option<long>("--rows") { Description = "Synthetic training rows of the search and the retraining.", DefaultValueFactory = _ => 50_000 };
var searchCost = new Command("searchcost", "Wall time of a full Rankitect DNAS fit divided by one training run of the architecture it found.") { searchRows, dataFolder, onlyDatasets, threads, output };
searchCost.SetAction(parse => Finish(SearchCostSuite.Run(parse.GetValue(searchRows), parse.GetValue(dataFolder), parse.GetValue(onlyDatasets), seed: 1, parse.GetValue(threads)), parse.GetValue(output)!));

var strategiesRows = new Option<long>("--rows") { Description = "Most rows per data set (synthetic size; subsample of larger real ones).", DefaultValueFactory = _ => 30_000 };
var strategiesSeeds = new Option<int>("--seeds") { Description = "Seeds per data set.", DefaultValueFactory = _ => 1 };
var budget = new Option<double>("--budget") { Description = "Search seconds per strategy (the same for each).", DefaultValueFactory = _ => 45 };
var spaceOption = new Option<SearchSpaceKind>("--space") { Description = "The search space every strategy searches: Dlrm, BlockSmall or BlockFull.", DefaultValueFactory = _ => SearchSpaceKind.BlockSmall };
var reportFolder = new Option<string?>("--report") { Description = "Folder for one HTML report per data set and seed (Pareto plot, search curves)." };
var strategyList = new Option<SearchStrategy[]>("--strategies") { Description = "Only these strategies (default: Dnas OneShot RegularizedEvolution RandomSearch).", AllowMultipleArgumentsPerToken = true };
var rungs = new Option<int?>("--rungs") { Description = "Successive-halving rungs of the sampling strategies (FidelityOptions.Rungs; default: the library's)." };
var minExamples = new Option<long?>("--min-examples") { Description = "Fewest examples of a rung-0 trial (FidelityOptions.MinExamples; default: the library's)." };
var noReference = new Option<bool>("--no-reference") { Description = "The searches do not retrain the space's hand-designed reference beside their pick (RetrainReference = false): what the search itself found." };
var strategies = new Command("strategies", "DNAS, one-shot, regularized evolution and random search on the same space, data and search budget; fixed DLRM and LightGBM alongside.")
    { strategiesRows, strategiesSeeds, budget, spaceOption, dataFolder, noSynthetic, onlyDatasets, reportFolder, strategyList, rungs, minExamples, recipeTrials, noReference, threads, output };
strategies.SetAction(parse =>
{
    var lowFidelity = new Rankitect.Experiment.FidelityOptions();
    if (parse.GetValue(rungs) is { } r) lowFidelity.Rungs = r;
    if (parse.GetValue(minExamples) is { } m) lowFidelity.MinExamples = m;
    return Finish(StrategiesSuite.Run(parse.GetValue(strategiesRows), parse.GetValue(dataFolder), parse.GetValue(onlyDatasets),
        !parse.GetValue(noSynthetic), parse.GetValue(spaceOption), TimeSpan.FromSeconds(parse.GetValue(budget)), parse.GetValue(strategiesSeeds),
        parse.GetValue(threads), parse.GetValue(reportFolder), parse.GetValue(strategyList), lowFidelity, parse.GetValue(recipeTrials),
        !parse.GetValue(noReference)), parse.GetValue(output)!);
});

var fidelityRows = new Option<long>("--rows") { Description = "Most rows per data set (synthetic size; subsample of larger real ones).", DefaultValueFactory = _ => 30_000 };
var fidelitySpaces = new Option<SearchSpaceKind[]>("--spaces") { Description = "Spaces whose architectures are ranked.", DefaultValueFactory = _ => [SearchSpaceKind.Dlrm, SearchSpaceKind.BlockSmall], AllowMultipleArgumentsPerToken = true };
var fidelityArchitectures = new Option<int>("--architectures") { Description = "Distinct random architectures per space.", DefaultValueFactory = _ => 20 };
var fidelity = new Command("fidelity", "Kendall tau between cheap (row fraction x epochs) and full-fidelity validation NE of random architectures, per space.")
    { fidelityRows, strategiesSeeds, fidelitySpaces, fidelityArchitectures, dataFolder, noSynthetic, onlyDatasets, threads, output };
fidelity.SetAction(parse => Finish(FidelitySuite.Run(parse.GetValue(fidelityRows), parse.GetValue(dataFolder), parse.GetValue(onlyDatasets),
    !parse.GetValue(noSynthetic), parse.GetValue(fidelitySpaces)!, parse.GetValue(fidelityArchitectures), parse.GetValue(strategiesSeeds),
    parse.GetValue(threads)), parse.GetValue(output)!));

var throughput = new Command("throughput", "Featurize, batch and DLRM training speed; dense matmul peak.") { rows, dataFolder, onlyDatasets, noSynthetic, threads, output, steps };
throughput.SetAction(parse => Finish(ThroughputSuite.Run(parse.GetValue(rows) ?? 200_000, !parse.GetValue(noSynthetic), parse.GetValue(dataFolder), parse.GetValue(onlyDatasets),
    seed: 1, parse.GetValue(threads), parse.GetValue(steps)), parse.GetValue(output)!));

var reliabilityRows = new Option<long>("--rows") { Description = "Synthetic rows of every fit (10% of them validation).", DefaultValueFactory = _ => 200_000 };
var cancelPoints = new Option<int>("--points") { Description = "Cancel points (at most 10): featurize x2, DNAS warm-up x2, architecture epochs x3, retraining x3.", DefaultValueFactory = _ => 10 };
var reliability = new Command("reliability", "Cancellation latency of the default Rankitect fit: seconds from Cancel() to Fit returning a model or throwing, at points across featurization, search and retraining.")
    { reliabilityRows, cancelPoints, threads, output };
reliability.SetAction(parse => Finish(ReliabilitySuite.Run(parse.GetValue(reliabilityRows), seed: 1, parse.GetValue(threads), parse.GetValue(cancelPoints)), parse.GetValue(output)!));

var root = new RootCommand("Rankitect benchmarks: each suite prints a table and writes one JSON report (schema: bench/README.md).") { quality, strategies, fidelity, throughput, convergence, scoring, searchCost, reliability };
// LightGBM's warnings (e.g. "Met negative value in categorical features" from one-hot trials) go to this file instead.
using var nativeLog = NativeOutputLog.Start("bench-native.log");
return root.Parse(args).Invoke();

static int Finish(BenchReport report, string path)
{
    // Quality: the per-seed rows were printed as each comparison finished; the summary is mean and spread over seeds.
    ResultTable.Print(report, report.Suite == "quality" ? r => r.Seed is null : null);
    report.Write(path);
    Console.WriteLine($"wrote {path}");
    return 0;
}

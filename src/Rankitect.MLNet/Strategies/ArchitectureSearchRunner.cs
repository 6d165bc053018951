using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Blocks;
using Rankitect.SearchSpaces.Spaces;
using Rankitect.Strategies.Dnas;
using Rankitect.Strategies.Tuning;
using Rankitect.Training;

namespace Rankitect.Strategies;

/// <summary>
/// Runs the searching strategies of a Rankitect fit: builds the space for the data's shape, configures the strategy
/// from <see cref="RankitectOptions"/> (the fit's seed, threads, training options, cost objective and search budget win
/// over the strategy options' own), searches, applies the user's pick (<see cref="RankitectOptions.NeTolerance"/>)
/// and hands back a <see cref="SearchResult"/>.
/// </summary>
internal static class ArchitectureSearchRunner
{
    public static SearchResult Run(StrategyContext context, RankitectOptions options)
    {
        var data = context.Data;
        var space = CreateSpace(options, new CtrFeatureShape(data.Schema.DenseWidth, data.Schema.Cardinalities));
        context.Report("search", $"{options.Strategy} on the {space.Name} space ({space.Choices.Count} choices)");
        var trials = new TrialReporter(context.Report);
        ArchitectureSearchResult result;
        IReadOnlyList<SearchStep> history = [];
        double? kendallTau = null;
        switch (options.Strategy)
        {
            case SearchStrategy.Dnas:
                var dnas = new DnasArchitectureSearch(Dnas(context, options));
                result = dnas.Search(space, data.Train, data.Validation, trials, new DnasProgressReporter(context.Report), context.CancellationToken);
                history = dnas.History.Select(p => new SearchStep((int)p.Step, p.Epoch, p.WeightLoss ?? double.NaN, p.ArchitectureLoss,
                    p.Temperature, p.Probabilities.ToDictionary(c => c.Choice, c => c.Probabilities.ToArray()))).ToList();
                break;
            case SearchStrategy.OneShot:
                var oneShot = new OneShotSearch(OneShot(context, options)).Search(space, data.Train, data.Validation, trials, context.CancellationToken);
                kendallTau = oneShot.Ranking?.KendallTau;
                if (oneShot.Ranking is { } ranking)
                    context.Report("search", $"supernet ranking: Kendall tau {ranking.KendallTau:F3} over {ranking.Count} architectures");
                result = oneShot;
                break;
            default:
                result = new MultiTrialSearch(MultiTrial(context, options)).Search(space, data.Train, data.Validation, trials, context.CancellationToken);
                break;
        }
        return Finish(context, options, space, result, history, kendallTau);
    }

    public static IArchitectureSpace CreateSpace(RankitectOptions options, CtrFeatureShape shape)
    {
        if (options.CustomSpace is { } custom)
            return custom(shape) ?? throw new InvalidOperationException($"{nameof(RankitectOptions.CustomSpace)} returned null.");
        return options.Space switch
        {
            SearchSpaceKind.BlockSmall => new BlockSpace(shape, options.BlockSpace ?? BlockSpaceOptions.Small),
            SearchSpaceKind.BlockFull => new BlockSpace(shape, options.BlockSpace ?? BlockSpaceOptions.Full),
            _ => new DlrmSpace(shape, options.DlrmSpace),
        };
    }

    // The user's pick: when it is not the strategy's own, its architecture is retrained from scratch like the final network.
    private static SearchResult Finish(StrategyContext context, RankitectOptions options, IArchitectureSpace space,
        ArchitectureSearchResult result, IReadOnlyList<SearchStep> history, double? kendallTau)
    {
        var best = result.Best;
        var model = result.Model;
        var trials = result.Trials.ToList();
        double trainSeconds = result.RetrainingSeconds;
        if (options.NeTolerance is { } tolerance && !result.Cancelled
            && ArchitectureSelection.Pick(trials, tolerance, options.FlopsBudget) is { } pick && !pick.Indices.SequenceEqual(best.Indices))
        {
            context.Report("select", $"NE within {tolerance:P1} of the best at the fewest FLOPs: trial {pick.TrialId} ({pick.Flops:N0} FLOPs, NE {pick.NormalizedEntropy:F4}); retraining it");
            var trainer = new CtrTrainer(context.Training);
            var retrained = trainer.CreateModel(() => space.Build(pick.Indices));
            try
            {
                var training = trainer.Train(retrained, context.Data.Train, context.Data.Validation, new TrainingProgressReporter(context.Report, "train"), context.CancellationToken);
                best = TrialResult.Create(new Trial(trials.Max(t => t.TrialId) + 1, pick.Indices, TrialFidelity.Full, pick.TrialId), "selection",
                    TrialStatus.Completed, training.BestValidation, space.CostOf(pick.Indices), new SearchObjective(), training.TotalSeconds);
                trials.Add(best);
                trainSeconds = training.TotalSeconds;
                result.Model.Dispose();
                model = retrained;
            }
            catch
            {
                retrained.Dispose();
                throw;
            }
        }
        var validation = CtrTrainer.Evaluate(model, context.Data.Validation);
        return new SearchResult(model, space.Describe(best.Indices), space.ToJson(best.Indices), best.Flops, model.ParameterCount,
            validation, history, result.Cancelled, result.SearchSeconds, trainSeconds, result.Strategy, space, trials)
        { SupernetKendallTau = kendallTau };
    }

    private static SearchObjective Objective(SearchObjective own, RankitectOptions options) => new()
    {
        CostWeight = options.CostWeight ?? own.CostWeight,
        FlopsBudget = options.FlopsBudget ?? own.FlopsBudget,
        MaxSamplingAttempts = own.MaxSamplingAttempts,
    };

    private static TrialRunnerOptions Runner(TrialRunnerOptions own, StrategyContext context) => new()
    {
        Training = context.Training, LowFidelityRowFraction = own.LowFidelityRowFraction, LowFidelityEpochs = own.LowFidelityEpochs,
        Threads = context.Threads, Parallelism = own.Parallelism,
    };

    private static DnasOptions Dnas(StrategyContext context, RankitectOptions options)
    {
        var o = options.Search;
        return new DnasOptions
        {
            Space = options.DlrmSpace, WarmupEpochs = o.WarmupEpochs, SearchEpochs = o.SearchEpochs, WeightSplit = o.WeightSplit,
            BatchSize = o.BatchSize, WeightLearningRate = o.WeightLearningRate, ThetaLearningRate = o.ThetaLearningRate,
            InitialTemperature = o.InitialTemperature, TemperatureDecay = o.TemperatureDecay,
            CostWeight = options.CostWeight ?? o.CostWeight, FlopsBudget = options.FlopsBudget ?? o.FlopsBudget,
            CancelledRetrainingRows = o.CancelledRetrainingRows, TimeBudget = options.SearchTimeBudget ?? o.TimeBudget,
            Retraining = context.Training, Seed = context.Seed, Threads = context.Threads,
        };
    }

    private static MultiTrialSearchOptions MultiTrial(StrategyContext context, RankitectOptions options)
    {
        var o = options.MultiTrial;
        return new MultiTrialSearchOptions
        {
            Tuner = options.Strategy == SearchStrategy.RandomSearch ? TunerKind.RandomSearch : TunerKind.RegularizedEvolution,
            Evolution = o.Evolution, Objective = Objective(o.Objective, options), Runner = Runner(o.Runner, context),
            MaxTrials = o.MaxTrials, TimeBudget = options.SearchTimeBudget ?? o.TimeBudget, TopK = o.TopK, Seed = context.Seed,
        };
    }

    private static OneShotSearchOptions OneShot(StrategyContext context, RankitectOptions options)
    {
        var o = options.OneShot;
        return new OneShotSearchOptions
        {
            SupernetTraining = o.SupernetTraining, WarmupFraction = o.WarmupFraction, Evolution = o.Evolution, Candidates = o.Candidates,
            FineTuneSteps = o.FineTuneSteps, FineTuneLearningRate = o.FineTuneLearningRate, ScoringRowFraction = o.ScoringRowFraction,
            RankingSampleSize = o.RankingSampleSize, Objective = Objective(o.Objective, options), Runner = Runner(o.Runner, context),
            TopK = o.TopK, TimeBudget = options.SearchTimeBudget ?? o.TimeBudget, Seed = context.Seed,
        };
    }

    // One line per evaluated architecture.
    private sealed class TrialReporter(Action<string, string> report) : IProgress<TrialResult>
    {
        public void Report(TrialResult value)
            => report("search", value.IsCompleted
                ? $"{value.Strategy} trial {value.TrialId} ({value.Fidelity}): validation NE {value.NormalizedEntropy:F4}, {value.Flops:N0} FLOPs, {value.Seconds:F1} s"
                : $"{value.Strategy} trial {value.TrialId} ({value.Fidelity}): {value.Status}{(value.Error is null ? "" : ": " + value.Error)}");
    }

    // Epoch ends only: a line per weight or theta step would flood the log.
    private sealed class DnasProgressReporter(Action<string, string> report) : IProgress<DnasProgress>
    {
        public void Report(DnasProgress value)
        {
            if (value.Phase != DnasPhase.EpochEnd)
                return;
            string architectureLoss = value.ArchitectureLoss is { } loss ? loss.ToString("F4") : "- (warm-up)";
            report("search", $"epoch {value.Epoch}: weight loss {value.WeightLoss:F4}, architecture loss {architectureLoss}, " +
                $"temperature {value.Temperature:F3}, expected {value.ExpectedFlops:N0} FLOPs/example");
        }
    }
}

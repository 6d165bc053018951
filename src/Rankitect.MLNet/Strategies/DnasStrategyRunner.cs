using Rankitect.Strategies.Dnas;

namespace Rankitect.Strategies;

/// <summary>Runs <see cref="DnasSearch"/> for a Rankitect fit and turns its result into a <see cref="SearchResult"/>.</summary>
internal static class DnasStrategyRunner
{
    public static SearchResult Run(StrategyContext context, DnasOptions search)
    {
        var options = new DnasOptions
        {
            Space = search.Space, WarmupEpochs = search.WarmupEpochs, SearchEpochs = search.SearchEpochs,
            WeightSplit = search.WeightSplit, BatchSize = search.BatchSize, WeightLearningRate = search.WeightLearningRate,
            ThetaLearningRate = search.ThetaLearningRate, InitialTemperature = search.InitialTemperature,
            TemperatureDecay = search.TemperatureDecay, CostWeight = search.CostWeight, FlopsBudget = search.FlopsBudget,
            CancelledRetrainingRows = search.CancelledRetrainingRows,
            // The fit's seed, threads and final-training options win over the search options' own.
            Retraining = context.Training, Seed = context.Seed, Threads = context.Threads,
        };
        var progress = new DnasProgressReporter(context.Report);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = new DnasSearch(options).Search(context.Data.Train, context.Data.Validation, progress, context.CancellationToken);
        var history = result.History.Select((p, i) => new SearchStep(
            (int)p.Step, p.Epoch, p.WeightLoss ?? double.NaN, p.ArchitectureLoss, p.Temperature,
            p.Probabilities.ToDictionary(c => c.Choice, c => c.Probabilities.ToArray()))).ToList();
        return new SearchResult(result.Model, result.Architecture, result.ArchitectureJson, result.Cost.Flops,
            result.Model.ParameterCount, result.Validation, history, result.Cancelled,
            SearchSeconds: clock.Elapsed.TotalSeconds - result.Retraining.TotalSeconds, TrainSeconds: result.Retraining.TotalSeconds);
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

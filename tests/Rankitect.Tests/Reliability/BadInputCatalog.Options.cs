using System.Globalization;
using Microsoft.ML;
using Rankitect.Experiment;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Strategies.OneShot;
using Rankitect.Tests.Data.Readers;
using Rankitect.Tests.Strategies.Tuning;
using Rankitect.Training;
using static Rankitect.Tests.Reliability.BadInput;

namespace Rankitect.Tests.Reliability;

// Options knowable before featurization are refused before any row is read (the data here cannot be read), naming the
// option and the value; a FLOPs budget below the cheapest network also names the cheapest possible.
public partial class BadInputCatalog
{
    private static Action<ReaderTestFiles> Fit(Action<RankitectOptions> set)
        => _ =>
        {
            var options = ReliabilityData.Fast(SearchStrategy.Dnas);
            set(options);
            new MLContext(1).Ranking().Rankitect(options).Fit(ReliabilityData.Unreadable());
        };

    private static IEnumerable<BadInput> Options()
    {
        yield return Refused<ArgumentOutOfRangeException>("Training.MaxEpochs = 0", "6", Fit(o => o.Training.MaxEpochs = 0), "MaxEpochs must be positive; got 0")
            .Also<ArgumentOutOfRangeException>(e => Assert.Equal("MaxEpochs", e.ParamName));
        yield return Refused<ArgumentOutOfRangeException>("Training.BatchSize = 0", "6", Fit(o => o.Training.BatchSize = 0), "BatchSize must be positive; got 0");
        yield return Refused<ArgumentOutOfRangeException>("Training.LearningRate = NaN", "6", Fit(o => o.Training.LearningRate = double.NaN), "LearningRate must be a positive number; got NaN")
            .Also<ArgumentOutOfRangeException>(e => Assert.Equal("LearningRate", e.ParamName));
        yield return Refused<ArgumentOutOfRangeException>("Training.LearningRate = -0.1", "6", Fit(o => o.Training.LearningRate = -0.1), "LearningRate", "got -0.1");
        yield return Refused<ArgumentOutOfRangeException>("Training.WeightDecay = +Infinity", "6", Fit(o => o.Training.WeightDecay = double.PositiveInfinity), "WeightDecay must be a finite number >= 0; got");
        yield return Refused<ArgumentOutOfRangeException>("Featurization.HashBits = 30", "6", Fit(o => o.Featurization.HashBits = 30), "HashBits must be between 1 and 24; got 30");
        yield return Refused<ArgumentOutOfRangeException>("Featurization.MinimumCount = 0", "6", Fit(o => o.Featurization.MinimumCount = 0), "MinimumCount", "got 0");
        yield return Refused<ArgumentOutOfRangeException>("ValidationFraction = 1", "6", Fit(o => o.ValidationFraction = 1), "ValidationFraction must be in (0, 1); got 1");
        yield return Refused<ArgumentOutOfRangeException>("Threads = 0", "6", Fit(o => o.Threads = 0), "Threads must be positive; got 0");
        yield return Refused<ArgumentOutOfRangeException>("TopK = -1", "6", Fit(o => o.TopK = -1), "TopK must be >= 0; got -1");
        yield return Refused<ArgumentOutOfRangeException>("NeTolerance = NaN", "6", Fit(o => o.NeTolerance = double.NaN), "NeTolerance", "got NaN");
        yield return Refused<ArgumentOutOfRangeException>("SearchTimeBudget = 0", "6", Fit(o => o.SearchTimeBudget = TimeSpan.Zero), "SearchTimeBudget must be positive; got 00:00:00");
        yield return Refused<ArgumentException>("Dnas.SearchEpochs = 0", "6", Fit(o => o.Dnas.SearchEpochs = 0), "SearchEpochs must be positive; got 0");
        yield return Refused<ArgumentOutOfRangeException>("FlopsBudget = 0", "6", Fit(o => o.FlopsBudget = 0), "FlopsBudget must be positive; got 0");
        yield return Refused<ArgumentOutOfRangeException>("FlopsBudget below the DLRM space's cheapest network", "6", Fit(o => o.FlopsBudget = 100),
            "FlopsBudget = 100 FLOPs per example", "the cheapest architecture of the 'dlrm' space", "raise FlopsBudget to at least")
            .Also<ArgumentOutOfRangeException>(e =>
            {
                var space = new DlrmSpace(new CtrFeatureShape(3, [2, 2, 2])); // 3 dense, 3 categorical columns
                long cheapest = space.CostOf(space.CheapestArchitecture()).Flops;
                Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"at least {cheapest:N0},"), e.Message);
                Assert.Equal("FlopsBudget", e.ParamName);
            });
        yield return Refused<ArgumentOutOfRangeException>("FlopsBudget below the block space's cheapest network", "6",
            Fit(o => (o.Space, o.FlopsBudget) = (SearchSpaceKind.BlockSmall, 1_000)), "FlopsBudget = 1,000", "'block-small' space");
        yield return Refused<ArgumentOutOfRangeException>("FlopsBudget below the hand-designed DLRM with Strategy = FixedDlrm", "6",
            Fit(o => (o.Strategy, o.FlopsBudget) = (SearchStrategy.FixedDlrm, 5_000)), "FlopsBudget = 5,000", "hand-designed DLRM");
        yield return RefusedAsync<ArgumentOutOfRangeException>("FlopsBudget below a custom space's cheapest (after featurization, before the search)", "6",
            _ => new MLContext(1).Ranking().CreateExperiment()
                .SetDataset(ReliabilityData.Rows(600), ReliabilityData.Rows(200, 100_000))
                .SetSearchSpace(shape => new DlrmSpace(shape, TuningTestData.TinySpace))
                .SetStrategy(new NeverSearches())
                .SetObjective(flopsBudget: 10)
                .SetThreads(1)
                .RunAsync(), "FlopsBudget = 10", "'dlrm' space");
        yield return Refused<ArgumentException>("a seed on the training options", "-", Fit(o => o.Training.Seed = 5), "Seed = 5", "RankitectOptions.Seed");
        yield return Refused<ArgumentException>("threads on the experiment's training options", "-",
            _ => new MLContext(1).Ranking().CreateExperiment().SetTraining(new CtrTrainingOptions { Threads = 3 }), "Threads = 3", "SetThreads");
        yield return Refused<ArgumentException>("threads on one-shot's supernet training", "-",
            _ => new OneShotStrategy(new OneShotOptions { SupernetTraining = new CtrTrainingOptions { Threads = 1 } }), "SupernetTraining");
        yield return Refused<TimeoutException>("a TimeBudget too short for any network", "3",
            _ => new MLContext(1).Ranking().Rankitect(WithTimeBudget(TimeSpan.FromMilliseconds(1))).Fit(ReliabilityData.Rows(1_000)), "TimeBudget");
        yield return Refused<TimeoutException>("a SearchTimeBudget shorter than the DNAS warm-up", "3",
            _ => new MLContext(1).Ranking().Rankitect(WithSearchBudget(TimeSpan.FromMilliseconds(1))).Fit(ReliabilityData.Rows(1_000)), "SearchTimeBudget", "dnas");
    }

    private static RankitectOptions WithTimeBudget(TimeSpan budget)
    {
        var options = ReliabilityData.Fast(SearchStrategy.Dnas);
        options.TimeBudget = budget;
        return options;
    }

    private static RankitectOptions WithSearchBudget(TimeSpan budget)
    {
        var options = ReliabilityData.Fast(SearchStrategy.Dnas);
        options.SearchTimeBudget = budget;
        return options;
    }

    /// <summary>A strategy that fails if the experiment ever lets it search.</summary>
    private sealed class NeverSearches : ISearchStrategy
    {
        public string Name => "never";

        public Task<SearchOutcome> SearchAsync(SearchContext context) => throw new InvalidOperationException("the search started");
    }
}

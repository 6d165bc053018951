using Microsoft.ML;
using Rankitect.Baselines;
using Rankitect.Data;
using Rankitect.Data.Synthetic;
using Rankitect.Training;
using Xunit.Abstractions;

namespace Rankitect.Tests.Baselines;

public class TunedLightGbmTests
{
    private readonly ITestOutputHelper _output;

    public TunedLightGbmTests(ITestOutputHelper output) => _output = output;

    private static (IDataView Train, IDataView Test) Data()
    {
        var options = new SyntheticCtrOptions
        {
            Seed = 3, DenseFieldCount = 3, CategoricalFieldCount = 4, MinCardinality = 5, MaxCardinality = 40,
            NoiseDenseFieldCount = 1, NoiseCategoricalFieldCount = 1, InteractionCount = 3, InteractionStrength = 1.5,
            FirstOrderStrength = 0.6, RowCount = 4_000,
        };
        var train = new SyntheticCtrGenerator(options).ToDataView();
        options.FirstRow = 1_000_000;
        options.RowCount = 1_000;
        return (train, new SyntheticCtrGenerator(options).ToDataView());
    }

    private static BaselineOptions TunedOnly(TimeSpan budget, int trials) => new()
    {
        LightGbm = false, FastTree = false, LogisticRegression = false, FixedDlrm = false, FixedDcnV2 = false, HashBits = 6,
        LightGbmTuning = new LightGbmTuningOptions { TimeBudget = budget, MaximumTrials = trials, MaximumRounds = 100 },
    };

    // The cheapest Rankitect fit the comparison needs (it always trains Rankitect): the fixed DLRM for one epoch.
    private static RankitectOptions CheapRankitect() => new()
    {
        Seed = 1, Threads = 1, Strategy = SearchStrategy.FixedDlrm, Training = new CtrTrainingOptions { MaxEpochs = 1, BatchSize = 256 },
    };

    private sealed class LabelRow
    {
        public bool Label { get; set; }
    }

    [Fact]
    public void ChoiceDependsOnTheValidationRowsOnly()
    {
        var (train, test) = Data();
        var ml = new MLContext(1);
        // The same test rows with every label flipped: a choice that looked at the test rows would change.
        var flipped = ml.Transforms.CustomMapping<LabelRow, LabelRow>((input, output) => output.Label = !input.Label, contractName: null)
            .Fit(test).Transform(test);
        var options = TunedOnly(TimeSpan.FromMinutes(10), trials: 6);
        var a = ml.Ranking().CompareWithBaselines(train, test, CheapRankitect(), options);
        var b = ml.Ranking().CompareWithBaselines(train, flipped, CheapRankitect(), options);
        _output.WriteLine(a.ToTable());
        foreach (var trial in a.LightGbmTrials)
            _output.WriteLine($"{trial.Validation.NormalizedEntropy:F4} {trial.Rounds} rounds {trial.Settings}");

        var rowA = a.Rows.Single(r => r.Model == "LightGBM (tuned)");
        var rowB = b.Rows.Single(r => r.Model == "LightGBM (tuned)");
        Assert.True(rowA.Test.NormalizedEntropy < 1 && rowB.Test.NormalizedEntropy > 1, "the flipped test rows score worse");
        Assert.Equal(6, a.LightGbmTrials.Count);
        Assert.Equal(6, rowA.Trials);
        Assert.Equal(LightGbmSettings.Default(options), a.LightGbmTrials[0].Settings);
        Assert.Equal(a.LightGbmTrials.Select(t => t.Settings), b.LightGbmTrials.Select(t => t.Settings));
        Assert.Equal(a.LightGbmTrials.Select(t => t.Validation.NormalizedEntropy), b.LightGbmTrials.Select(t => t.Validation.NormalizedEntropy));
        Assert.Equal(rowA.Description, rowB.Description);
        // The kept model is the trial with the lowest validation NE, measured again on the same validation rows.
        Assert.Equal(a.LightGbmTrials.Min(t => t.Validation.NormalizedEntropy), rowA.Validation!.NormalizedEntropy, 6);
        Assert.Contains(a.LightGbmTrials.Select(t => t.Settings.Encoding).Distinct(), e => e != BaselineCategoricalEncoding.HashedOneHot);
    }

    [Fact]
    public void TheFirstTrialIsTheDefaultAndAlwaysRuns()
    {
        var (train, _) = Data();
        var ml = new MLContext(1);
        var split = DataSplits.StratifiedSplit(train, "Label", validationFraction: 0.2, testFraction: 0, seed: 1);
        var options = TunedOnly(TimeSpan.FromMilliseconds(1), trials: 50);
        var tuner = new LightGbmTuner(ml, CtrColumnRoles.Resolve(train.Schema), options, seed: 1, threads: 1);
        var result = tuner.Tune(split.Train, split.Validation, TimeSpan.FromMilliseconds(1));
        var trial = Assert.Single(result.Trials);
        Assert.Equal(LightGbmSettings.Default(options), trial.Settings);
        Assert.InRange(trial.Rounds, 1, 100);
        Assert.InRange(trial.Validation.NormalizedEntropy, 0, 1);
    }

    [Fact]
    public void BadTuningOptionsFailBeforeAnyTraining()
    {
        var (train, test) = Data();
        var options = TunedOnly(TimeSpan.FromMinutes(1), trials: 0);
        options.LightGbmTuning.LearningRate = new TuningRange(0, 0.1, LogScale: true);
        var error = Assert.Throws<ArgumentException>(() => new MLContext(1).Ranking().CompareWithBaselines(train, test, CheapRankitect(), options));
        Assert.Contains("MaximumTrials", error.Message);
        Assert.Contains("LearningRate", error.Message);
    }
}

using Microsoft.ML;
using Rankitect.Data;
using Rankitect.Data.Synthetic;

namespace Rankitect.Tests.Reliability;

/// <summary>The label as a feature, a column in two roles, or an ignored column that is not there: each a clear error
/// naming the column and the option, before any work.</summary>
public class ColumnRoleConflictTests
{
    private static readonly DataViewSchema Schema = new SyntheticCtrGenerator(new SyntheticCtrOptions
    {
        Seed = 1, DenseFieldCount = 4, CategoricalFieldCount = 4, NoiseDenseFieldCount = 1, NoiseCategoricalFieldCount = 1, NegativeDenseFieldCount = 0, RowCount = 10,
    }).ToDataView().Schema;

    private static string Error(CtrColumnOptions options)
        => Assert.Throws<ArgumentException>(() => CtrColumnRoles.Resolve(Schema, options)).Message;

    [Fact]
    public void The_label_cannot_be_a_dense_feature()
    {
        string message = Error(new CtrColumnOptions { DenseColumnNames = ["I1", "Label"] });
        Assert.Contains("'Label' is the label", message);
        Assert.Contains("DenseColumnNames", message);
    }

    [Fact]
    public void The_label_cannot_be_a_categorical_feature()
        => Assert.Contains("CategoricalColumnNames", Error(new CtrColumnOptions { CategoricalColumnNames = ["Label"] }));

    [Fact]
    public void The_label_cannot_be_ignored()
        => Assert.Contains("cannot be ignored", Error(new CtrColumnOptions { IgnoredColumnNames = ["Label"] }));

    [Fact]
    public void A_column_cannot_be_categorical_and_ignored()
    {
        string message = Error(new CtrColumnOptions { CategoricalColumnNames = ["C1"], IgnoredColumnNames = ["C1"] });
        Assert.Contains("'C1'", message);
        Assert.Contains("CategoricalColumnNames", message);
        Assert.Contains("IgnoredColumnNames", message);
    }

    [Fact]
    public void A_column_cannot_be_dense_and_categorical()
        => Assert.Contains("'I1' is listed in both", Error(new CtrColumnOptions { DenseColumnNames = ["I1"], CategoricalColumnNames = ["I1"] }));

    [Fact]
    public void A_column_listed_twice_is_named()
        => Assert.Contains("'I2' is listed twice in DenseColumnNames", Error(new CtrColumnOptions { DenseColumnNames = ["I2", "I2"] }));

    [Fact]
    public void An_ignored_column_that_does_not_exist_is_named()
        => Assert.Contains("Could not find ignored column 'Timestamp'", Error(new CtrColumnOptions { IgnoredColumnNames = ["Timestamp"] }));

    [Fact]
    public void The_estimator_refuses_the_label_as_a_feature_before_any_work()
    {
        var ml = new MLContext(1);
        var data = new SyntheticCtrGenerator(new SyntheticCtrOptions { Seed = 1, DenseFieldCount = 4, CategoricalFieldCount = 4, NoiseDenseFieldCount = 1, NoiseCategoricalFieldCount = 1, NegativeDenseFieldCount = 0, RowCount = 10 }).ToDataView();
        var error = Assert.Throws<ArgumentException>(() => ml.Ranking().Rankitect(new RankitectOptions { DenseColumnNames = ["I1", "Label"] }).Fit(data));
        Assert.Contains("'Label' is the label", error.Message);
    }
}

/// <summary>Settings that would be silently replaced, and bad training options, are refused when the trainer is created.</summary>
public class OptionConflictTests
{
    [Fact]
    public void A_seed_on_the_training_options_is_refused_naming_the_one_to_set()
    {
        var error = Assert.Throws<ArgumentException>(() => new MLContext(1).Ranking().Rankitect(new RankitectOptions { Training = new() { Seed = 5 } }));
        Assert.Contains("RankitectOptions.Seed", error.Message);
        error = Assert.Throws<ArgumentException>(() => new MLContext(1).Ranking().CreateExperiment().SetTraining(new() { Threads = 3 }));
        Assert.Contains("SetThreads", error.Message);
        error = Assert.Throws<ArgumentException>(() => new Rankitect.Strategies.OneShot.OneShotStrategy(new() { SupernetTraining = new() { Threads = 1 } }));
        Assert.Contains("SupernetTraining", error.Message);
    }

    [Fact]
    public void Bad_training_options_are_refused_before_any_work()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new MLContext(1).Ranking().Rankitect(new RankitectOptions { Training = new() { MaxEpochs = 0 } }));
        Assert.Equal("MaxEpochs", error.ParamName);
        error = Assert.ThrowsAny<ArgumentException>(() => new MLContext(1).Ranking().Rankitect(new RankitectOptions { Training = new() { LearningRate = double.NaN } }));
        Assert.Equal("LearningRate", error.ParamName);
    }

    [Fact]
    public async Task The_cli_prints_a_user_error_in_two_lines_naming_the_flag_with_exit_code_2()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Rankitect.Tests.Export.ModelInfoTests.AppPath("Rankitect.Cli", "rankitect.dll"), "--rows", "2000", "--dense", "I1,Label",
            "--out", Path.Combine(Path.GetTempPath(), $"cli-{Guid.NewGuid():N}.zip"), "--report", Path.Combine(Path.GetTempPath(), $"cli-{Guid.NewGuid():N}.html") })
            start.ArgumentList.Add(arg);
        using var cli = System.Diagnostics.Process.Start(start)!;
        var stdout = cli.StandardOutput.ReadToEndAsync();
        var stderr = cli.StandardError.ReadToEnd().TrimEnd().Split('\n');
        cli.WaitForExit();
        Assert.Equal(2, cli.ExitCode);
        Assert.InRange(stderr.Length, 1, 2);
        Assert.Contains("'Label' is the label", stderr[0]);
        Assert.Contains("--dense", stderr[0]);
        Assert.DoesNotContain("   at ", string.Join("\n", stderr) + await stdout);
    }
}

/// <summary>Data a click model cannot learn from is refused, naming the split.</summary>
public class DegenerateDataTests
{
    [Fact]
    public async Task Single_class_training_rows_are_refused_naming_the_split()
    {
        var ml = new MLContext(1);
        var options = new SyntheticCtrOptions { Seed = 1, DenseFieldCount = 4, CategoricalFieldCount = 4, NoiseDenseFieldCount = 1,
            NoiseCategoricalFieldCount = 1, NegativeDenseFieldCount = 0, RowCount = 2_000 };
        var rows = new SyntheticCtrGenerator(options).ToDataView();
        var noClicks = ml.Data.FilterByCustomPredicate<LabelRow>(rows, r => r.Label); // keeps only Label == false
        var error = await Assert.ThrowsAsync<ArgumentException>(() => ml.Ranking().CreateExperiment().SetDataset(noClicks, rows).RunAsync());
        Assert.Contains("training rows hold one class only", error.Message);
        error = await Assert.ThrowsAsync<ArgumentException>(() => ml.Ranking().CreateExperiment().SetDataset(rows, noClicks).RunAsync());
        Assert.Contains("validation rows hold one class only", error.Message);
    }

    private sealed class LabelRow
    {
        public bool Label { get; set; }
    }
}

/// <summary>A search whose loss turns NaN stops with an error naming the option, instead of deriving an architecture
/// from poisoned weights and reporting success.</summary>
[Collection(Rankitect.Tests.Strategies.Tuning.TuningCollection.Name)]
public class DivergingSearchTests(Rankitect.Tests.Strategies.Tuning.TuningTestData fixture)
{
    [Fact]
    public async Task A_diverging_dnas_search_is_an_error_naming_the_learning_rate()
    {
        var dnas = new Rankitect.Strategies.Dnas.DnasStrategy(new() { WarmupEpochs = 1, SearchEpochs = 2, BatchSize = 256, WeightLearningRate = 1e9 });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Experiment(dnas, threads: 1).RunAsync());
        Assert.Contains("DNAS diverged", error.Message);
        Assert.Contains("WeightLearningRate", error.Message);
    }
}

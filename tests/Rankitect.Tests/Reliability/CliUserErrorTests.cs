using System.Diagnostics;
using Rankitect.Tests.Data.Readers;
using Rankitect.Tests.Export;

namespace Rankitect.Tests.Reliability;

/// <summary>The CLI as a user runs it (a child process): a user error is one line naming the flag and the value (plus
/// a hint line), exit code 2, no stack trace, and nothing is written; a run's tables are not interleaved with native
/// library chatter.</summary>
public sealed class CliUserErrorTests : IDisposable
{
    private readonly ReaderTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    /// <summary>Runs the CLI with <paramref name="args"/>; {dir} stands for a temporary folder.</summary>
    private (int ExitCode, string Stdout, string[] Stderr) Run(string args, string folder)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(ModelInfoTests.AppPath("Rankitect.Cli", "rankitect.dll"));
        foreach (var arg in args.Replace("{dir}", folder).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            start.ArgumentList.Add(arg);
        foreach (var arg in new[] { "--out", Path.Combine(folder, "model.zip"), "--report", Path.Combine(folder, "report.html") })
            start.ArgumentList.Add(arg);
        using var cli = Process.Start(start)!;
        var stdout = cli.StandardOutput.ReadToEndAsync();
        var stderr = cli.StandardError.ReadToEnd().TrimEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        cli.WaitForExit();
        return (cli.ExitCode, stdout.Result, stderr);
    }

    [Theory]
    [InlineData("--rows 2000 --dense I1,Label", "'Label' is the label", "DenseColumnNames (--dense)")]
    [InlineData("--rows 2000 --ignore Label", "'Label' is the label; it cannot be ignored", "--ignore")]
    [InlineData("--rows 2000 --categorical C1 --ignore C1", "'C1'", "CategoricalColumnNames (--categorical)", "IgnoredColumnNames (--ignore)")]
    [InlineData("--rows 2000 --dense I99", "Could not find dense column 'I99'", "--dense")]
    [InlineData("--rows 2000 --label Click", "Could not find label column 'Click'", "--label")]
    [InlineData("--rows 2000 --test-fraction 0", "--test-fraction must be in (0, 1)", "got 0")]
    [InlineData("--rows 2000 --test-fraction 1.5", "--test-fraction", "got 1.5")]
    [InlineData("--rows 0", "--rows must be positive; got 0")]
    [InlineData("--rows 2000 --epochs 0", "MaxEpochs (--epochs) must be positive; got 0")]
    [InlineData("--rows 2000 --hash-bits 30", "HashBits (--hash-bits) must be between 1 and 24; got 30")]
    [InlineData("--rows 2000 --threads 0", "Threads (--threads) must be positive; got 0")]
    [InlineData("--rows 2000 --search-budget 0", "SearchTimeBudget (--search-budget) must be positive")]
    [InlineData("--rows 2000 --no-baselines --threads 1 --search-budget 0.001", "SearchTimeBudget (--search-budget)", "ran out before strategy 'dnas' found a candidate")]
    [InlineData("--rows 2000 --ne-tolerance -1", "NeTolerance (--ne-tolerance)", "got -1")]
    [InlineData("--rows 2000 --recipe-trials -1", "TrainingSearch.Trials (--recipe-trials) must be >= 0; got -1")]
    [InlineData("--rows 2000 --ensemble 9", "EnsembleSize (--ensemble) must be 0 or 1 (off), or from 2 to TopK + 1 = 4", "got 9")]
    [InlineData("--rows 2000 --ensemble -1", "EnsembleSize (--ensemble)", "got -1")]
    [InlineData("--rows 2000 --flops-budget 0", "FlopsBudget (--flops-budget) must be positive; got 0")]
    [InlineData("--rows 2000 --flops-budget 100", "FlopsBudget (--flops-budget) = 100 FLOPs per example", "'dlrm' space", "at least")]
    [InlineData("--rows 2000 --flops-budget 100000 --strategy FixedDlrm", "FlopsBudget (--flops-budget) = 100,000", "hand-designed DLRM", "138,720")]
    [InlineData("--rows 2000 --strategy Dnas FixedDlrm --flops-budget 100000", "hand-designed DLRM")]
    [InlineData("--data {dir}/missing.tsv", "missing.tsv")]
    [InlineData("--data {dir}/empty.tsv", "empty.tsv", "has no data rows")]
    [InlineData("--data {dir}/badlabel.tsv", "badlabel.tsv, line 2", "'2'", "-1, 0 or 1")]
    [InlineData("--data {dir}/badlabel.tsv --format xyz", "Unknown --format 'xyz'")]
    public void A_user_error_is_one_line_naming_the_flag_with_exit_code_2(string args, params string[] names)
    {
        string folder = Path.GetDirectoryName(_files.Write("empty.tsv", ""))!;
        _files.Write("badlabel.tsv", "0\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t13" + string.Concat(Enumerable.Repeat("\ta", 26)) + "\n" +
            "2\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t13" + string.Concat(Enumerable.Repeat("\ta", 26)) + "\n");
        var (exitCode, stdout, stderr) = Run(args, folder);

        Assert.True(exitCode == 2, $"exit code {exitCode}\n{stdout}\n{string.Join('\n', stderr)}");
        Assert.InRange(stderr.Length, 1, 2);
        foreach (var name in names)
            Assert.Contains(name.Replace("{dir}", folder), stderr[0]);
        Assert.DoesNotContain("   at ", string.Join('\n', stderr) + stdout);
        Assert.False(File.Exists(Path.Combine(folder, "model.zip")));
        Assert.False(File.Exists(Path.Combine(folder, "report.html")));
    }

    [Fact]
    public void Native_library_warnings_do_not_reach_the_tables()
    {
        string folder = Path.GetDirectoryName(_files.Write("placeholder", ""))!;
        var (exitCode, stdout, stderr) = Run("--rows 2000 --strategy FixedDlrm --epochs 1 --threads 1 --recipe-trials 0 --keep-worse-than-base-rate", folder);

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{stdout}\n{string.Join('\n', stderr)}");
        Assert.Contains("LightGBM", stdout); // the baselines table ran
        Assert.DoesNotContain("[LightGBM]", stdout + string.Join('\n', stderr));
        Assert.DoesNotContain("[Warning]", stdout);
    }
}

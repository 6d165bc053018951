using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Tests.Data.Readers;
using Rankitect.Tests.Export;

namespace Rankitect.Tests.Reliability;

/// <summary>The scoring sample (a production app without TorchSharp, run as a child process) on bad files: every bad
/// row is reported with its line, column and value and nothing is written (exit code 2); a bad file or model is one
/// line naming it. Never a silent NaN probability, never "Sequence contains no elements".</summary>
public sealed class ScoringSampleTests : IDisposable
{
    private const string Header = "Label\tI1\tI2\tI3\tC1\tC2\tC3";
    private readonly ReaderTestFiles _files = new();
    private readonly string _zip;

    public ScoringSampleTests() => _zip = ReliabilityData.Model.Save(_files.Write("ctr.zip", ""));

    public void Dispose() => _files.Dispose();

    private (int ExitCode, string Stdout, string[] Stderr) Score(string rows, string output, string? zip = null)
    {
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { ModelInfoTests.AppPath("Rankitect.Scoring", "Rankitect.Scoring.dll"), zip ?? _zip, rows, output })
            start.ArgumentList.Add(arg);
        using var app = Process.Start(start)!;
        var stdout = app.StandardOutput.ReadToEndAsync();
        var stderr = app.StandardError.ReadToEnd().TrimEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        app.WaitForExit();
        return (app.ExitCode, stdout.Result, stderr);
    }

    [Fact]
    public void Every_bad_row_is_listed_with_its_line_column_and_value_and_nothing_is_written()
    {
        string rows = _files.Write("rows.tsv", string.Join('\n',
            Header,
            "1\t1\t2\t3\ta\tb\tc",          // line 2: good
            "0\t1\t2\t3\ta\tb",             // line 3: a field short
            "0\t1\t2\t3\ta\tb\tc\tx",       // line 4: a field too many
            "0\tabc\t2\t3\ta\tb\tc",        // line 5: not a number
            "0\t1\t+Infinity\t3\ta\tb\tc",  // line 6: not finite (training refuses it too)
            "0\t1\t2\tNaN\ta\tb\tc",        // line 7: NaN written out (missing is an empty field)
            "0\t\t2\t3\t\tb\tc") + "\n");   // line 8: good, with missing values
        string output = _files.Write("scores.tsv", "previous scores\n");

        var (exitCode, stdout, stderr) = Score(rows, output);

        Assert.True(exitCode == 2, $"exit code {exitCode}\n{stdout}\n{string.Join('\n', stderr)}");
        Assert.Equal(6, stderr.Length);
        Assert.Equal(@$"{rows}, line 3: found '0\t1\t2\t3\ta\tb', expected 7 TAB-separated fields as in the header, found 6.", stderr[0]);
        Assert.Contains("line 4: found", stderr[1]);
        Assert.Contains("expected 7 TAB-separated fields as in the header, found 8", stderr[1]);
        Assert.Equal($"{rows}, line 5: I1: found 'abc', expected a finite number or an empty field (missing).", stderr[2]);
        Assert.Equal($"{rows}, line 6: I2: found '+Infinity', expected a finite number or an empty field (missing).", stderr[3]);
        Assert.Equal($"{rows}, line 7: I3: found 'NaN', expected a finite number or an empty field (missing).", stderr[4]);
        Assert.Contains("5 of 7 rows cannot be scored; nothing was written", stderr[5]);
        Assert.Equal("previous scores\n", File.ReadAllText(output));
    }

    [Theory]
    [InlineData("empty.tsv", "", "is empty; expected a header line")]
    [InlineData("header.tsv", Header + "\n", "has a header but no rows")]
    [InlineData("nocolumn.tsv", "Label\tI1\tI2\tI3\tC1\tC3\n1\t1\t2\t3\ta\tc\n", "line 1: the header has no column 'C2', which the model reads")]
    [InlineData("twice.tsv", "I1\tI2\tI3\tC1\tC2\tC3\tC1\n1\t2\t3\ta\tb\tc\td\n", "line 1: column 'C1' is named twice")]
    public void A_bad_file_is_one_line_naming_it(string name, string content, string expected)
    {
        string rows = _files.Write(name, content);
        var (exitCode, stdout, stderr) = Score(rows, Path.Combine(Path.GetDirectoryName(rows)!, "scores.tsv"));

        Assert.True(exitCode == 2, $"exit code {exitCode}\n{stdout}\n{string.Join('\n', stderr)}");
        Assert.Single(stderr);
        Assert.Contains(rows, stderr[0]);
        Assert.Contains(expected, stderr[0]);
        Assert.DoesNotContain("Sequence contains no elements", stderr[0]);
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(rows)!, "scores.tsv")));
    }

    [Fact]
    public void A_damaged_model_is_refused_naming_it()
    {
        string zip = ReliabilityData.Model.Save(_files.Write("damaged.zip", ""));
        DamagedModelTests.FlipByteInNetwork(zip, 0.5);
        string rows = _files.Write("rows.tsv", Header + "\n1\t1\t2\t3\ta\tb\tc\n");

        var (exitCode, _, stderr) = Score(rows, Path.Combine(Path.GetDirectoryName(rows)!, "scores.tsv"), zip);

        Assert.Equal(2, exitCode);
        Assert.Single(stderr);
        Assert.Contains(zip, stderr[0]);
        Assert.Contains("damaged", stderr[0]);
    }

    [Fact]
    public void Empty_lines_are_skipped_and_every_row_scores_as_in_memory()
    {
        // Empty lines hold no row, as in training; columns the model does not read (here none: Label) are not read.
        string rows = _files.Write("rows.tsv", Header + "\n1\t1\t2\t3\ta\tb\tc\n\n0\t\t-4\t3.5\t\tzz\tc\n");
        string output = Path.Combine(Path.GetDirectoryName(rows)!, "scores.tsv");

        var (exitCode, stdout, stderr) = Score(rows, output);

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{stdout}\n{string.Join('\n', stderr)}");
        var tiny = ReliabilityData.Model;
        var expected = tiny.Transformer.Transform(tiny.Ml.Data.LoadFromEnumerable(new[]
        {
            new Row { I1 = 1, I2 = 2, I3 = 3, C1 = "a", C2 = "b", C3 = "c" },
            new Row { I1 = float.NaN, I2 = -4, I3 = 3.5f, C1 = "", C2 = "zz", C3 = "c" },
        })).GetColumn<float>("Probability").ToArray();
        var actual = File.ReadLines(output).Skip(1).Select(line => float.Parse(line.Split('\t')[1], CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, actual.Length);
        Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 5));
    }

    private sealed class Row
    {
        public float I1 { get; set; }
        public float I2 { get; set; }
        public float I3 { get; set; }
        public string C1 { get; set; } = "";
        public string C2 { get; set; } = "";
        public string C3 { get; set; } = "";
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Serving;
using Rankitect.Tests.Export;

namespace Rankitect.Tests.Reliability;

/// <summary>The same command, seed and threads in two processes give the same model to the last bit.</summary>
public class CliDeterminismTests
{
    [Fact]
    public void Two_cli_processes_with_the_same_seed_and_threads_save_bit_identical_networks()
    {
        var folder = Directory.CreateTempSubdirectory("rankitect-det-");
        try
        {
            string cli = ModelInfoTests.AppPath("Rankitect.Cli", "rankitect.dll");
            RankitectModelInfo Fit(string name)
            {
                string zip = Path.Combine(folder.FullName, name + ".zip");
                var (exitCode, stdout, stderr) = ModelInfoTests.Run(cli, "--rows", "6000", "--no-baselines", "--threads", "2", "--seed", "3",
                    "--strategy", "RegularizedEvolution", "--recipe-trials", "2", "--epochs", "2", "--out", zip, "--report", Path.Combine(folder.FullName, name + ".html"));
                Assert.True(exitCode == 0, $"the CLI failed: {stdout}\n{stderr}");
                Assert.Contains("reproducible: the same data, --seed 3 and --threads 2 give this model again", stdout);
                return RankitectModelInfo.Load(zip);
            }
            var first = Fit("first");
            var second = Fit("second");

            Assert.True(first.Reproducible);
            Assert.Equal(first.Architecture, second.Architecture);
            Assert.Equal(first.Validation.NormalizedEntropy, second.Validation.NormalizedEntropy); // exact doubles
            Assert.Equal(first.Trials.Select(t => (t.TrialId, t.NormalizedEntropy, t.Flops)), second.Trials.Select(t => (t.TrialId, t.NormalizedEntropy, t.Flops)));

            // The weights: both zips score the same rows to the same float.
            var ml = new MLContext(1);
            var rows = new Rankitect.Data.Synthetic.SyntheticCtrGenerator(new Rankitect.Data.Synthetic.SyntheticCtrOptions { RowCount = 200, Seed = 99 }).ToDataView();
            float[] Score(string name) => ml.Model.Load(Path.Combine(folder.FullName, name + ".zip"), out _).Transform(rows).GetColumn<float>("Probability").ToArray();
            Assert.Equal(Score("first"), Score("second"));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

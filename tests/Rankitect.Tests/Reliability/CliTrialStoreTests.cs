using Rankitect.Serving;
using Rankitect.Tests.Export;

namespace Rankitect.Tests.Reliability;

/// <summary>The CLI's --store: trials written as they happen, a study never silently reused, and --resume continuing it.</summary>
public class CliTrialStoreTests
{
    [Fact]
    public void A_store_refuses_a_second_run_without_resume_and_a_resumed_run_replays_to_the_same_model()
    {
        var folder = Directory.CreateTempSubdirectory("rankitect-store-cli-");
        try
        {
            string cli = ModelInfoTests.AppPath("Rankitect.Cli", "rankitect.dll");
            string store = Path.Combine(folder.FullName, "trials.db");
            (int ExitCode, string Stdout, string Stderr) Fit(string name, params string[] extra) => ModelInfoTests.Run(cli,
                ["--rows", "6000", "--no-baselines", "--threads", "2", "--seed", "3", "--strategy", "RegularizedEvolution", "--recipe-trials", "0",
                 "--epochs", "2", "--out", Path.Combine(folder.FullName, name + ".zip"), "--report", Path.Combine(folder.FullName, name + ".html"),
                 "--store", store, .. extra]);

            var first = Fit("first");
            Assert.True(first.ExitCode == 0, $"the CLI failed: {first.Stdout}\n{first.Stderr}");
            Assert.True(File.Exists(store));

            var status = ModelInfoTests.Run(cli, "status", "--store", store);
            Assert.True(status.ExitCode == 0, status.Stderr);
            Assert.Matches(@"study 'default': \d+ trials \(\d+ COMPLETE\)", status.Stdout);
            Assert.Contains("best (full fidelity first", status.Stdout);
            Assert.Contains(" Full ", status.Stdout);
            var missing = ModelInfoTests.Run(cli, "status", "--store", Path.Combine(folder.FullName, "none.db"));
            Assert.Equal(2, missing.ExitCode);
            Assert.Contains("no trial store at", missing.Stderr);

            var again = Fit("again");
            Assert.Equal(2, again.ExitCode);
            Assert.Contains("already holds study 'default'", again.Stderr);
            Assert.Contains("--resume", again.Stderr);
            Assert.DoesNotContain("   at ", again.Stderr); // a user error, not a stack trace

            var resumed = Fit("resumed", "--resume");
            Assert.True(resumed.ExitCode == 0, $"the resumed CLI failed: {resumed.Stdout}\n{resumed.Stderr}");
            Assert.Contains("resuming study 'default'", resumed.Stdout);
            var a = RankitectModelInfo.Load(Path.Combine(folder.FullName, "first.zip"));
            var b = RankitectModelInfo.Load(Path.Combine(folder.FullName, "resumed.zip"));
            Assert.Equal(a.Architecture, b.Architecture);
            Assert.Equal(a.Validation.NormalizedEntropy, b.Validation.NormalizedEntropy);
            // Trial 0 was replayed, not trained again: even its measured seconds are the stored ones.
            Assert.Equal(a.Trials.Select(t => (t.TrialId, t.NormalizedEntropy, t.Seconds)).First(), b.Trials.Select(t => (t.TrialId, t.NormalizedEntropy, t.Seconds)).First());

            var noStore = ModelInfoTests.Run(cli, "--rows", "600", "--resume");
            Assert.Equal(2, noStore.ExitCode);
            Assert.Contains("--resume needs --store", noStore.Stderr);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

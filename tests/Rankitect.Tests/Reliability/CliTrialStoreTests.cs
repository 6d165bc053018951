using Rankitect.Serving;
using Rankitect.Tests.Export;

namespace Rankitect.Tests.Reliability;

/// <summary>The CLI's --store: trials written as they happen, a study never silently reused, and --resume continuing it.</summary>
public class CliTrialStoreTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    public void A_search_killed_with_sigkill_and_resumed_returns_the_uninterrupted_runs_network(int completedBeforeKill)
    {
        var folder = Directory.CreateTempSubdirectory("rankitect-kill-");
        try
        {
            string cli = ModelInfoTests.AppPath("Rankitect.Cli", "rankitect.dll");
            string[] Args(string name, string store) => ["--rows", "6000", "--no-baselines", "--threads", "2", "--seed", "3", "--keep-worse-than-base-rate",
                "--strategy", "RegularizedEvolution", "--recipe-trials", "0", "--epochs", "2", "--out", Path.Combine(folder.FullName, name + ".zip"),
                "--report", Path.Combine(folder.FullName, name + ".html"), "--log", Path.Combine(folder.FullName, name + ".log"), "--store", store];

            var whole = ModelInfoTests.Run(cli, Args("whole", Path.Combine(folder.FullName, "whole.db")));
            Assert.True(whole.ExitCode == 0, $"the uninterrupted CLI failed: {whole.Stdout}\n{whole.Stderr}");

            // The same command, killed (SIGKILL: no cleanup runs) once the store holds enough finished trials.
            string store = Path.Combine(folder.FullName, "killed.db");
            var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(cli);
            foreach (var arg in Args("killed", store)) start.ArgumentList.Add(arg);
            using (var process = System.Diagnostics.Process.Start(start)!)
            {
                process.OutputDataReceived += (_, _) => { };
                process.ErrorDataReceived += (_, _) => { };
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                var deadline = DateTime.UtcNow.AddSeconds(120);
                while (Completed(store) < completedBeforeKill && !process.HasExited && DateTime.UtcNow < deadline)
                    Thread.Sleep(20);
                Assert.False(process.HasExited, $"the CLI finished before {completedBeforeKill} trials were stored");
                process.Kill(); // SIGKILL on Linux
                process.WaitForExit();
            }
            Assert.InRange(Completed(store), completedBeforeKill, int.MaxValue);

            var resumed = ModelInfoTests.Run(cli, [.. Args("resumed", store), "--resume"]);
            Assert.True(resumed.ExitCode == 0, $"the resumed CLI failed: {resumed.Stdout}\n{resumed.Stderr}");
            var a = RankitectModelInfo.Load(Path.Combine(folder.FullName, "whole.zip"));
            var b = RankitectModelInfo.Load(Path.Combine(folder.FullName, "resumed.zip"));
            Assert.Equal(a.Architecture, b.Architecture);
            Assert.Equal(a.Validation.NormalizedEntropy, b.Validation.NormalizedEntropy); // the same network, to the last bit
            Assert.Equal(a.Trials.Select(t => (t.TrialId, t.NormalizedEntropy)), b.Trials.Select(t => (t.TrialId, t.NormalizedEntropy)));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // Finished trials in the store, read while another process writes it (0 before it exists).
    private static int Completed(string path)
    {
        if (!File.Exists(path))
            return 0;
        try
        {
            using var store = new Rankitect.Experiment.Store.SqliteTrialStore(path);
            return store.Studies().Sum(s => store.Trials(s).Count(t => t.State == "COMPLETE"));
        }
        catch (IOException)
        {
            return 0; // created but not yet initialised by the writer
        }
    }

    [Fact]
    public void A_store_refuses_a_second_run_without_resume_and_a_resumed_run_replays_to_the_same_model()
    {
        var folder = Directory.CreateTempSubdirectory("rankitect-store-cli-");
        try
        {
            AssertStoreRefusesAndResumes(Path.Combine(folder.FullName, "trials.db"), folder);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The CLI with <c>--store <paramref name="store"/></c> (a SQLite file or a PostgreSQL connection string):
    /// a run, <c>status</c>, a second run refused without --resume, a resumed run that replays to the same model.</summary>
    internal static void AssertStoreRefusesAndResumes(string store, DirectoryInfo folder)
    {
        bool file = !Rankitect.Experiment.Store.PostgresTrialStore.IsConnectionString(store);
        {
            string cli = ModelInfoTests.AppPath("Rankitect.Cli", "rankitect.dll");
            (int ExitCode, string Stdout, string Stderr) Fit(string name, params string[] extra) => ModelInfoTests.Run(cli,
                ["--rows", "6000", "--no-baselines", "--threads", "2", "--seed", "3", "--strategy", "RegularizedEvolution", "--recipe-trials", "0",
                 "--epochs", "2", "--out", Path.Combine(folder.FullName, name + ".zip"), "--report", Path.Combine(folder.FullName, name + ".html"),
                 "--store", store, .. extra]);

            var first = Fit("first");
            Assert.True(first.ExitCode == 0, $"the CLI failed: {first.Stdout}\n{first.Stderr}");
            Assert.Equal(file, File.Exists(store));

            var status = ModelInfoTests.Run(cli, "status", "--store", store);
            Assert.True(status.ExitCode == 0, status.Stderr);
            Assert.Matches(@"study 'default': \d+ trials \(\d+ COMPLETE\)", status.Stdout);
            Assert.Contains("best (full fidelity first", status.Stdout);
            Assert.Contains(" Full ", status.Stdout);
            if (file)
            {
                var missing = ModelInfoTests.Run(cli, "status", "--store", Path.Combine(folder.FullName, "none.db"));
                Assert.Equal(2, missing.ExitCode);
                Assert.Contains("no trial store at", missing.Stderr);
            }

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
    }
}

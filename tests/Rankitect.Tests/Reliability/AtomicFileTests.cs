using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Serving;
using Rankitect.Tests.Export;

namespace Rankitect.Tests.Reliability;

public class AtomicFileTests
{
    private static string TempPath(string name) => Path.Combine(Path.GetTempPath(), $"rankitect-atomic-{Guid.NewGuid():N}", name);

    [Fact]
    public void A_write_replaces_the_file_and_leaves_nothing_else_behind()
    {
        string path = TempPath("out.txt");
        AtomicFile.Write(path, s => s.Write("first"u8));
        AtomicFile.Write(path, s => s.Write("second"u8));
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal(["out.txt"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_write_that_fails_halfway_leaves_the_previous_file_whole()
    {
        string path = TempPath("model.bin");
        AtomicFile.Write(path, s => s.Write("good model"u8));
        var error = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write("half a mod"u8);
            throw new InvalidOperationException("killed mid-write");
        }));
        Assert.Equal("killed mid-write", error.Message);
        Assert.Equal("good model", File.ReadAllText(path));
        Assert.Equal(["model.bin"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_second_writer_of_the_same_path_is_refused_until_the_first_is_done()
    {
        string path = TempPath("report.html");
        using (var first = AtomicFile.Reserve(path))
        {
            var error = Assert.Throws<IOException>(() => AtomicFile.Reserve(path));
            Assert.Contains(path, error.Message);
            first.Commit(s => s.Write("<html/>"u8));
        }
        AtomicFile.Write(path, s => s.Write("<html>2</html>"u8)); // released: the next run replaces it
        Assert.Equal("<html>2</html>", File.ReadAllText(path));
    }

    [Fact]
    public void A_model_zip_saved_through_it_loads_back()
    {
        string path = TempPath("ctr.zip");
        AtomicFile.Write(path, s => ReliabilityData.Model.Ml.Model.Save(ReliabilityData.Model.Transformer, ReliabilityData.Model.Train.Schema, s));
        var loaded = new MLContext().Model.Load(path, out _);
        var tiny = ReliabilityData.Model;
        var before = tiny.Transformer.Transform(tiny.Ml.Data.TakeRows(tiny.Train, 20)).GetColumn<float>("Probability").ToArray();
        var after = loaded.Transform(tiny.Ml.Data.TakeRows(tiny.Train, 20)).GetColumn<float>("Probability").ToArray();
        Assert.Equal(before, after);
    }

    [Fact]
    public void A_running_cli_holds_its_output_and_a_killed_one_leaves_the_previous_model_loadable()
    {
        string path = TempPath("cli.zip");
        AtomicFile.Write(path, s => ReliabilityData.Model.Ml.Model.Save(ReliabilityData.Model.Transformer, ReliabilityData.Model.Train.Schema, s));
        byte[] previous = File.ReadAllBytes(path);

        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { ModelInfoTests.AppPath("Rankitect.Cli", "rankitect.dll"), "--rows", "30000", "--no-baselines", "--threads", "1", "--recipe-trials", "0",
            "--out", path, "--report", Path.ChangeExtension(path, ".html") })
            start.ArgumentList.Add(arg);
        using var cli = Process.Start(start)!;
        cli.OutputDataReceived += (_, _) => { };
        cli.ErrorDataReceived += (_, _) => { };
        cli.BeginOutputReadLine();
        cli.BeginErrorReadLine();
        try
        {
            // The CLI claims its output when it starts, long before it saves.
            var clock = Stopwatch.StartNew();
            IOException? refused = null;
            while (refused is null && clock.Elapsed < TimeSpan.FromSeconds(60) && !cli.HasExited)
            {
                try { AtomicFile.Reserve(path).Dispose(); Thread.Sleep(100); }
                catch (IOException e) { refused = e; }
            }
            Assert.NotNull(refused);
            Assert.Contains($"process {cli.Id}", refused!.Message);
        }
        finally
        {
            cli.Kill(); // SIGKILL: no cleanup runs in the CLI
            cli.WaitForExit();
        }
        Assert.Equal(previous, File.ReadAllBytes(path));
        var loaded = new MLContext().Model.Load(path, out _); // the previous model is whole
        Assert.NotNull(loaded);
        AtomicFile.Write(path, s => s.Write([1, 2, 3])); // the dead writer's lock is gone
    }
}

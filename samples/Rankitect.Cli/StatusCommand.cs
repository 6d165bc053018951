using System.CommandLine;
using System.Globalization;
using Rankitect.Experiment;
using Rankitect.Experiment.Store;

/// <summary><c>rankitect status --store trials.db</c>: a search's progress and leaderboard, read from its trial store
/// (also while the search runs: the store is written as trials start and end).</summary>
static class StatusCommand
{
    public static Command Create()
    {
        var store = new Option<string>("--store") { Description = "The trial store a run wrote with --store: a SQLite file or a PostgreSQL connection string.", Required = true };
        var study = new Option<string?>("--study") { Description = "Only this study (default: every study in the store)." };
        var top = new Option<int>("--top") { Description = "Trials to list per study, best validation NE first.", DefaultValueFactory = _ => 10 };
        var command = new Command("status", "Print each study's trial counts, running trials and best trials from a trial store.") { store, study, top };
        command.SetAction(parse => Run(parse.GetValue(store)!, parse.GetValue(study), parse.GetValue(top), Console.Out));
        return command;
    }

    /// <summary>Prints the store's studies; a missing or unreadable store is one line on stderr and exit code 2.</summary>
    public static int Run(string location, string? only, int top, TextWriter output)
    {
        bool database = PostgresTrialStore.IsConnectionString(location);
        if (!database && !File.Exists(location))
        {
            Console.Error.WriteLine($"rankitect status: no trial store at {Path.GetFullPath(location)} (--store)");
            return 2;
        }
        try
        {
            using var store = SqlTrialStore.Open(location);
            var studies = store.Studies().Where(s => only is null || s == only).ToList();
            if (studies.Count == 0)
            {
                Console.Error.WriteLine($"rankitect status: {store.Location} holds no study{(only is null ? "" : $" named '{only}'")} (--study)");
                return 2;
            }
            foreach (var study in studies)
                Print(study, store.Trials(study), top, output);
            return 0;
        }
        catch (Exception e) when (e is IOException or ArgumentException)
        {
            Console.Error.WriteLine($"rankitect status: {e.Message} (--store)");
            return 2;
        }
    }

    private static void Print(string study, IReadOnlyList<StoredTrial> trials, int top, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine($"study '{study}': {trials.Count} trials (" +
            string.Join(", ", trials.GroupBy(t => t.State).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}")) + ")");
        foreach (var running in trials.Where(t => t.State == StoredTrial.Running))
            output.WriteLine($"  running: trial {running.TrialId} on {running.Worker}");
        var finished = trials.Where(t => t.Result is { IsCompleted: true } r && double.IsFinite(r.NormalizedEntropy))
            .OrderBy(t => t.Result!.Fidelity == TrialFidelity.Full ? 0 : 1).ThenBy(t => t.Result!.NormalizedEntropy).Take(Math.Max(0, top)).ToList();
        if (finished.Count == 0)
            return;
        output.WriteLine("  best (full fidelity first, then by validation NE):");
        output.WriteLine("     id  fidelity      NE       AUC       FLOPs  seconds  architecture");
        foreach (var t in finished)
        {
            var r = t.Result!;
            string fidelity = r.Fidelity == TrialFidelity.Low && r.Rung > 0 ? $"Low r{r.Rung}" : r.Fidelity.ToString();
            output.WriteLine(string.Create(c, $"  {r.TrialId,5}  {fidelity,-8}  {r.NormalizedEntropy,7:F4}  {r.Auc,7:F4}  {r.Flops,10:N0}  {r.Seconds,7:F1}  [{string.Join(",", r.Indices)}]"));
        }
    }
}

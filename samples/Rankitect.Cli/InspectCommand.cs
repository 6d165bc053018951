using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Rankitect.Serving;

/// <summary><c>rankitect inspect model.zip</c>: prints what a saved model is, from the info stored in its zip.</summary>
static class InspectCommand
{
    public static Command Create()
    {
        var model = new Argument<FileInfo>("model") { Description = "A model zip saved from a Rankitect fit (mlContext.Model.Save)." };
        var top = new Option<int>("--top") { Description = "Trials to list, best validation NE first (0: all).", DefaultValueFactory = _ => 15 };
        var json = new Option<bool>("--json") { Description = "Print the stored JSON instead of the summary." };
        var command = new Command("inspect", "Print a saved model's architecture, FLOPs, features, validation metrics, options and trials.")
        {
            model, top, json,
        };
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(top), parse.GetValue(json), Console.Out));
        return command;
    }

    /// <summary>Prints the info of <paramref name="file"/>; a missing or unreadable file is one line on stderr and exit code 2.</summary>
    public static int Run(FileInfo file, int top, bool json, TextWriter output)
    {
        RankitectModelInfo info;
        try
        {
            info = RankitectModelInfo.Load(file.FullName);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            // Rankitect's own messages name the file; the runtime's may not.
            Console.Error.WriteLine($"rankitect inspect: {(e.Message.Contains(file.FullName, StringComparison.Ordinal) ? e.Message : $"{file.FullName}: {e.Message}")}");
            return 2;
        }
        if (json)
            output.WriteLine(info.ToJson(indented: true));
        else
            Print(info, file.FullName, top, output);
        return 0;
    }

    private static void Print(RankitectModelInfo info, string path, int top, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        void Line(FormattableString text) => output.WriteLine(text.ToString(c));
        var f = info.Features;
        var v = info.Validation;

        Line($"model:        {path}");
        Line($"fitted:       {info.CreatedAtUtc:yyyy-MM-dd HH:mm:ss} UTC by Rankitect {info.RankitectVersion} (info format {info.FormatVersion})");
        Line($"strategy:     {info.StrategyName} on the {info.SearchSpace} space, seed {info.Seed}; search {info.SearchSeconds:F1} s, training {info.TrainSeconds:F1} s{(info.Cancelled ? "; cancelled: the best network found before that" : "")}{(info.Reproducible ? "; reproducible (same data, seed and threads give it again)" : "")}");
        Line($"architecture: {info.Architecture}");
        Line($"  JSON:       {info.ArchitectureJson}");
        Line($"cost:         {info.Flops:N0} FLOPs/example, {info.Parameters:N0} parameters");
        if (info.Hyperparameters.Count > 0)
            Line($"training:     {string.Join(", ", info.Hyperparameters.Select(p => $"{p.Key} {p.Value}"))}");
        if (info.IsEnsemble)
        {
            Line($"ensemble:     mean probability of {info.EnsembleMembers.Count} networks:");
            foreach (var m in info.EnsembleMembers)
                Line($"  trial {m.TrialId}: {m.Architecture}; {m.Flops:N0} FLOPs/example, {m.Parameters:N0} parameters, validation NE {m.NormalizedEntropy:F4}; {string.Join(", ", m.Hyperparameters.Select(p => $"{p.Key} {p.Value}"))}");
        }
        Line($"features:     label {f.LabelColumnName}; {f.DenseColumnNames.Count} dense columns (width {f.DenseWidth}): {string.Join(", ", f.DenseColumnNames)}");
        Line($"              {f.CategoricalColumnNames.Count} categorical columns ({f.CategoricalEncoding}; embedding rows): {string.Join(", ", f.CategoricalColumnNames.Zip(f.FieldCardinalities, (n, k) => string.Create(c, $"{n} ({k:N0})")))}");
        Line($"validation:   NE {v.NormalizedEntropy:F4}, AUC {v.Auc:F4}, LogLoss {v.LogLoss:F4} nats, calibration {v.Calibration:F4}{(v.RowCount is { } n ? string.Create(c, $", {n:N0} rows") : "")}");
        if (v.WorseThanBaseRate)
            Line($"WARNING:      validation NE {v.NormalizedEntropy:F4} >= 1: this model predicts no better than the base rate");

        output.WriteLine("options:");
        foreach (var (key, value) in info.Options.OrderBy(p => p.Key, StringComparer.Ordinal))
            output.WriteLine($"  {key} = {(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())}");

        var trials = info.Trials
            .OrderBy(t => t.Status == "Completed" ? 0 : 1).ThenBy(t => double.IsNaN(t.NormalizedEntropy) ? double.MaxValue : t.NormalizedEntropy)
            .Take(top > 0 ? top : int.MaxValue).ToList();
        Line($"trials:       {info.Trials.Count} evaluated ({info.Trials.Count(t => t.Status == "Completed")} completed){(trials.Count < info.Trials.Count ? string.Create(c, $"; the {trials.Count} best by validation NE:") : ":")}");
        if (trials.Count == 0)
            return;
        Line($"  {"id",4} {"status",-9} {"fidelity",-9} {"strategy",-22} {"val NE",8} {"AUC",7} {"FLOPs",12} {"params",11} {"seconds",8} {"parent",6}  candidates");
        foreach (var t in trials)
            Line($"  {t.TrialId,4} {t.Status,-9} {t.Fidelity,-9} {t.Strategy,-22} {t.NormalizedEntropy,8:F4} {t.Auc,7:F4} {t.Flops,12:N0} {t.Parameters,11:N0} {t.Seconds,8:F1} {(t.ParentId?.ToString(c) ?? "-"),6}  {(t.EnsembleMemberIds is { } ids ? $"ensemble of trials {string.Join(", ", ids)}" : $"[{string.Join(",", t.CandidateIndices)}]")}{(t.Error is null ? "" : " error: " + t.Error)}");
    }
}

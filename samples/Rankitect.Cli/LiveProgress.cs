using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Rankitect.Experiment;
using Spectre.Console;
using Spectre.Console.Rendering;

/// <summary>
/// The CLI's view of a running job: every progress message and every line of the job's own output as log lines, and
/// on an interactive terminal a live status panel under them (phase, trials done, best validation NE so far, elapsed
/// and estimated search time left). Spectre.Console is not thread-safe, so on a terminal one thread does all the
/// drawing: lines are queued and printed above the panel by the refresh loop. Redirected output (files, CI) gets
/// plain lines, progress lines ending with the same counts.
/// </summary>
sealed class LiveProgress : IProgress<RankitectProgress>, IDisposable
{
    private readonly object _gate = new();
    private readonly bool _interactive = AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private readonly Task? _live;
    private RankitectProgress? _last;
    private bool _disposed;

    public LiveProgress()
    {
        if (_interactive)
            _live = AnsiConsole.Live(Render()).AutoClear(true).StartAsync(async context =>
            {
                while (true)
                {
                    bool stopping = _stop.IsCancellationRequested;
                    // Padded to the width: a line shorter than the panel would leave the panel's old border behind.
                    while (_lines.TryDequeue(out var line))
                        AnsiConsole.WriteLine(line.PadRight(Math.Max(0, AnsiConsole.Profile.Width - 1)));
                    context.UpdateTarget(Render());
                    if (stopping)
                        break;
                    try { await Task.Delay(100, _stop.Token); } catch (OperationCanceledException) { }
                }
            });
    }

    /// <summary>Prints a line of the job's own output: above the live panel on a terminal, plain otherwise.</summary>
    public void WriteLine(string line = "")
    {
        foreach (var part in line.Replace("\r", "").Split('\n'))
            Write(part);
    }

    /// <summary>Called on the fit's threads; prints the message and keeps the state the panel shows.</summary>
    public void Report(RankitectProgress value)
    {
        lock (_gate)
        {
            _last = value;
            _sinceLast.Restart();
        }
        string line = string.Create(CultureInfo.InvariantCulture, $"  [{value.ElapsedSeconds,6:F1} s] {value.Phase}: {value.Message}");
        Write(_interactive || value.TrialsCompleted + value.TrialsFailed == 0 ? line : $"{line}  ({Counts(value)})");
    }

    private void Write(string line)
    {
        if (_interactive)
            _lines.Enqueue(line);
        else
            lock (_gate) Console.WriteLine(line);
    }

    private IRenderable Render()
    {
        lock (_gate)
        {
            if (_last is not { } p)
                return new Markup("[grey]starting…[/]");
            double elapsed = p.ElapsedSeconds + _sinceLast.Elapsed.TotalSeconds;
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow(new Markup("[bold]phase[/]"), new Markup(Markup.Escape(p.Phase)));
            grid.AddRow(new Markup("[bold]trials[/]"), new Markup(Markup.Escape($"{p.TrialsCompleted} done, {p.TrialsFailed} failed or cancelled")));
            grid.AddRow(new Markup("[bold]best validation NE[/]"), new Markup(p.BestValidationNe is { } ne ? ne.ToString("F4", CultureInfo.InvariantCulture) : "-"));
            grid.AddRow(new Markup("[bold]elapsed[/]"), new Markup(Duration(elapsed)));
            grid.AddRow(new Markup("[bold]search time left[/]"), new Markup(p.EstimatedRemainingSeconds is { } left
                ? "~" + Duration(Math.Max(0, left - _sinceLast.Elapsed.TotalSeconds)) : "-"));
            return new Panel(grid).Header("Rankitect").Border(BoxBorder.Rounded);
        }
    }

    private static string Counts(RankitectProgress p)
        => string.Create(CultureInfo.InvariantCulture, $"trials {p.TrialsCompleted} done, {p.TrialsFailed} failed; best NE ") +
            (p.BestValidationNe is { } ne ? ne.ToString("F4", CultureInfo.InvariantCulture) : "-") +
            (p.EstimatedRemainingSeconds is { } left ? $"; ~{Duration(left)} of search left" : "");

    private static string Duration(double seconds)
        => seconds >= 60 ? $"{(int)(seconds / 60)} min {seconds % 60:00} s" : string.Create(CultureInfo.InvariantCulture, $"{seconds:F0} s");

    /// <summary>Prints what is queued, removes the panel.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        _stop.Cancel();
        _live?.GetAwaiter().GetResult();
        _stop.Dispose();
    }
}

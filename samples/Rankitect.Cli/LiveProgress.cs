using System.Diagnostics;
using System.Globalization;
using Rankitect;
using Spectre.Console;
using Spectre.Console.Rendering;

/// <summary>
/// The CLI's view of a running fit: every progress message as a log line, and on an interactive terminal a live
/// status panel under them (phase, trials done, best validation NE so far, elapsed and estimated time left), redrawn
/// four times a second. Redirected output (files, CI) gets the log lines only, each ending with the same counts.
/// </summary>
sealed class LiveProgress : IProgress<RankitectProgress>, IDisposable
{
    private readonly object _gate = new();
    private readonly bool _interactive = AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private readonly Task? _live;
    private RankitectProgress? _last;

    public LiveProgress()
    {
        if (_interactive)
            _live = AnsiConsole.Live(Render()).AutoClear(true).StartAsync(async context =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    context.UpdateTarget(Render());
                    try { await Task.Delay(250, _stop.Token); } catch (OperationCanceledException) { }
                }
            });
    }

    /// <summary>Called on the fit's threads; prints the message and keeps the state the panel shows.</summary>
    public void Report(RankitectProgress value)
    {
        lock (_gate)
        {
            _last = value;
            _sinceLast.Restart();
            string line = string.Create(CultureInfo.InvariantCulture, $"  [{value.ElapsedSeconds,6:F1} s] {value.Phase}: {value.Message}");
            if (_interactive)
                AnsiConsole.MarkupLine(Markup.Escape(line)); // printed above the live panel
            else
                Console.WriteLine(value.TrialsCompleted + value.TrialsFailed > 0 ? $"{line}  ({Counts(value)})" : line);
        }
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

    public void Dispose()
    {
        _stop.Cancel();
        _live?.GetAwaiter().GetResult();
        _stop.Dispose();
    }
}

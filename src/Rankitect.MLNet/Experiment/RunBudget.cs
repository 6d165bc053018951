using System.Diagnostics;

namespace Rankitect.Experiment;

/// <summary>
/// The one place time budgets and cancellation meet: the caller's token, the budget of the whole run and the budget of
/// the search proper become two tokens (the run's and the search's). Timer callbacks can be late on a busy thread pool,
/// so the clock is also checked between phases.
/// </summary>
internal sealed class RunBudget : IDisposable
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationToken _user;
    private readonly TimeSpan? _total;
    private readonly CancellationTokenSource _run;
    private CancellationTokenSource? _search;
    private TimeSpan? _searchLimit;
    private TimeSpan _searchStart;

    public RunBudget(TimeSpan? total, CancellationToken user)
    {
        _user = user;
        _total = total;
        _run = CancellationTokenSource.CreateLinkedTokenSource(user);
        if (total is { } limit)
            _run.CancelAfter(limit);
    }

    /// <summary>Seconds since the run began.</summary>
    public double ElapsedSeconds => _clock.Elapsed.TotalSeconds;

    /// <summary>Fires on the caller's cancellation or when the run's budget is spent.</summary>
    public CancellationToken Run => _run.Token;

    /// <summary>Fires like <see cref="Run"/>, and when the search's budget is spent.</summary>
    public CancellationToken Search => _search?.Token ?? _run.Token;

    /// <summary>True when the run stopped for its time budget rather than the caller's cancellation.</summary>
    public bool OutOfTime => _run.IsCancellationRequested && !_user.IsCancellationRequested;

    /// <summary>True when the search stopped for its time budget alone.</summary>
    public bool SearchOutOfTime => _search is { IsCancellationRequested: true } && !_run.IsCancellationRequested;

    /// <summary>Starts the search's clock.</summary>
    public void StartSearch(TimeSpan? limit)
    {
        _search = CancellationTokenSource.CreateLinkedTokenSource(_run.Token);
        _searchLimit = limit;
        _searchStart = _clock.Elapsed;
        if (limit is { } l)
            _search.CancelAfter(l);
    }

    /// <summary>Time left for the search (the smaller of both budgets), or null without a budget.</summary>
    public TimeSpan? RemainingSearchTime
    {
        get
        {
            TimeSpan? left = _total is { } t ? t - _clock.Elapsed : null;
            if (_searchLimit is { } s)
            {
                var searchLeft = s - (_clock.Elapsed - _searchStart);
                left = left is { } l && l < searchLeft ? l : searchLeft;
            }
            return left is { } value && value < TimeSpan.Zero ? TimeSpan.Zero : left;
        }
    }

    /// <summary>A token that fires with <see cref="Search"/>, and after <paramref name="fraction"/> of the search time left
    /// when there is a budget (a strategy dividing its time between phases); dispose it after the phase.</summary>
    public CancellationTokenSource Share(double fraction)
    {
        var share = CancellationTokenSource.CreateLinkedTokenSource(Search);
        if (RemainingSearchTime is { } left)
            share.CancelAfter(left * fraction);
        return share;
    }

    /// <summary>Cancels what the clock says is over, in case a timer callback is late.</summary>
    public void CheckClock()
    {
        if (_total is { } t && _clock.Elapsed >= t)
            _run.Cancel();
        if (_search is not null && _searchLimit is { } s && _clock.Elapsed - _searchStart >= s)
            _search.Cancel();
    }

    public void Dispose()
    {
        _search?.Dispose();
        _run.Dispose();
    }
}

namespace Rankitect.Experiment;

/// <summary>
/// Watches the process's resident memory while a batch of trials runs (<c>RankitectOptions.MaximumMemoryMB</c>): past the
/// limit it cancels the batch's trials once and says why, so the experiment records them as failed and the search goes
/// on, instead of the machine killing the whole process. Resident memory counts TorchSharp's native tensors, which the
/// managed heap's numbers do not.
/// </summary>
internal sealed class MemoryGuard : IDisposable
{
    private readonly long _limitBytes;
    private readonly CancellationTokenSource _stop;
    private readonly Timer _timer;
    private string? _reason;

    /// <summary>Starts watching; <see cref="Token"/> fires with <paramref name="outer"/> or when the limit is passed.</summary>
    public MemoryGuard(long limitBytes, CancellationToken outer, TimeSpan? interval = null)
    {
        _limitBytes = limitBytes;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        var period = interval ?? TimeSpan.FromMilliseconds(100);
        _timer = new Timer(_ => Check(), null, TimeSpan.Zero, period);
    }

    /// <summary>Cancels the guarded trials: the outer cancellation, or the memory limit.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Why the guard stopped the trials (naming the memory used and the limit), or null while it has not.</summary>
    public string? Reason => Volatile.Read(ref _reason);

    private void Check()
    {
        if (_reason is not null)
            return;
        long used = Environment.WorkingSet; // the resident set on Linux: managed and native memory alike
        if (used <= _limitBytes)
            return;
        if (Interlocked.CompareExchange(ref _reason,
                $"stopped: the process used {used / (1024 * 1024):N0} MB, more than MaximumMemoryMB = {_limitBytes / (1024 * 1024):N0}", null) is null)
        {
            try { _stop.Cancel(); } catch (ObjectDisposedException) { }
        }
    }

    /// <summary>Stops watching.</summary>
    public void Dispose()
    {
        _timer.Dispose();
        _stop.Dispose();
    }
}

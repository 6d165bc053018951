using Rankitect.Experiment;

namespace Rankitect.Tests.Experiment;

public class MemoryGuardTests
{
    [Fact]
    public void Past_the_limit_it_cancels_once_and_names_the_memory_used_and_the_limit()
    {
        using var guard = new MemoryGuard(limitBytes: 1024 * 1024, CancellationToken.None, TimeSpan.FromMilliseconds(10)); // 1 MB: always passed
        Assert.True(guard.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(10)));
        Assert.Matches(@"^stopped: the process used [\d,]+ MB, more than MaximumMemoryMB = 1$", guard.Reason);
    }

    [Fact]
    public void Under_the_limit_it_only_forwards_the_outer_cancellation()
    {
        using var outer = new CancellationTokenSource();
        using var guard = new MemoryGuard(long.MaxValue, outer.Token, TimeSpan.FromMilliseconds(10));
        Thread.Sleep(100);
        Assert.False(guard.Token.IsCancellationRequested);
        outer.Cancel();
        Assert.True(guard.Token.IsCancellationRequested);
        Assert.Null(guard.Reason);
    }
}

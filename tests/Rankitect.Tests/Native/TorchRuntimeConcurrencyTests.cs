using Rankitect.Native;
using TorchSharp;

namespace Rankitect.Tests.Native;

public class TorchRuntimeConcurrencyTests
{
    [Fact]
    public void EnsureLoaded_called_from_many_threads_at_once_succeeds_everywhere()
    {
        const int threadCount = 12;
        using var start = new Barrier(threadCount);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<Exception>();
        var threads = Enumerable.Range(0, threadCount).Select(_ => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                TorchRuntime.EnsureLoaded();
                using var scope = torch.NewDisposeScope();
                Assert.Equal(3f, torch.ones(3).sum().item<float>());
            }
            catch (Exception exception)
            {
                failures.Enqueue(exception);
            }
        })).ToList();

        threads.ForEach(thread => thread.Start());
        threads.ForEach(thread => thread.Join());

        Assert.Empty(failures);
        // One load, whatever the number of callers.
        Assert.Single(TorchRuntime.Diagnostics.Split(Environment.NewLine), line => line.StartsWith("TorchSharp initialised"));
    }
}

using Rankitect.Native;
using TorchSharp;

namespace Rankitect.Training;

/// <summary>
/// Pins libtorch's intra-op thread count for the calling thread. The count belongs to the OS thread:
/// <c>torch.set_num_threads</c> sets the caller's OpenMP and MKL counts, and a thread that never set one takes, at its
/// first parallel op, whatever count was set last anywhere in the process. Torch work that resumes after an
/// <c>await</c> runs on whichever thread finished the awaited task (e.g. a trial's, with T / k threads), so every
/// synchronous unit of torch work (training, DNAS, supernet scoring, the final evaluation) calls <see cref="Use"/>
/// first: the count, and with it how float reductions are split, then depends on the settings alone.
/// </summary>
internal static class TorchThreads
{
    /// <summary>Makes the calling thread run libtorch ops with <paramref name="threads"/> intra-op threads.</summary>
    public static void Use(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        TorchRuntime.EnsureLoaded();
        // get_num_threads reads this thread's count (initializing it first); setting only on a change avoids
        // rebuilding libtorch's pthreadpool at every call.
        if (torch.get_num_threads() != threads)
            torch.set_num_threads(threads);
    }
}

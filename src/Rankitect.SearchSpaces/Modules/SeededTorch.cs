using Rankitect.Native;
using TorchSharp;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>
/// Runs code that draws from TorchSharp's global generator (weight initialization) under a fixed seed. The generator
/// is process-wide, so two models created at once on different threads would interleave their draws; a lock makes
/// "same seed, same weights" hold for parallel trials too.
/// </summary>
public static class SeededTorch
{
    private static readonly object Gate = new();

    /// <summary>Seeds the generator with <paramref name="seed"/> and runs <paramref name="create"/> while no other
    /// seeded creation runs.</summary>
    public static T Create<T>(int seed, Func<T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        TorchRuntime.EnsureLoaded();
        lock (Gate)
        {
            torch.manual_seed(seed);
            return create();
        }
    }
}

using Rankitect.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>
/// Creates modules whose initial weights depend on a seed alone. Inside <see cref="Create{T}"/>, the built-in modules
/// draw their weights through <see cref="Uniform_"/> and <see cref="Linear"/> from a generator of their own, so code
/// elsewhere in the process that draws from TorchSharp's global generator at the same moment (another model, a test's
/// <c>rand</c>) cannot change them.
/// </summary>
/// <remarks>
/// The global generator is still seeded, under a lock, for whatever a module draws from it without these helpers;
/// two seeded creations on different threads never interleave their draws.
/// </remarks>
public static class SeededTorch
{
    private static readonly object Gate = new();

    [ThreadStatic] private static Generator? _current;

    /// <summary>Runs <paramref name="create"/> with weight draws seeded by <paramref name="seed"/>, while no other
    /// seeded creation runs.</summary>
    public static T Create<T>(int seed, Func<T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        TorchRuntime.EnsureLoaded();
        lock (Gate)
        {
            var outer = _current;
            using var generator = new Generator((ulong)seed);
            _current = generator;
            try
            {
                torch.manual_seed(seed);
                return create();
            }
            finally
            {
                _current = outer;
            }
        }
    }

    /// <summary>Fills <paramref name="weights"/> uniformly in [-bound, bound] in place, from the current
    /// <see cref="Create{T}"/>'s generator (TorchSharp's global generator outside one).</summary>
    public static Tensor Uniform_(Tensor weights, double bound)
    {
        ArgumentNullException.ThrowIfNull(weights);
        using var noGrad = no_grad();
        return weights.uniform_(-bound, bound, _current);
    }

    /// <summary><c>nn.Linear</c> with its default initialization, U(-1/sqrt(in), 1/sqrt(in)) for the weight and the bias,
    /// drawn as <see cref="Uniform_"/> draws.</summary>
    public static TorchSharp.Modules.Linear Linear(long inputSize, long outputSize, bool hasBias = true)
    {
        var linear = nn.Linear(inputSize, outputSize, hasBias);
        if (_current is not null)
        {
            double bound = 1.0 / Math.Sqrt(inputSize);
            Uniform_(linear.weight!, bound);
            if (linear.bias is { } bias)
                Uniform_(bias, bound);
        }
        return linear;
    }
}

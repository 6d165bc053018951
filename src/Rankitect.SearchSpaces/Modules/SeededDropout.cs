using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>
/// Inverted dropout (zero each activation with probability <see cref="Rate"/>, scale the rest by 1 / (1 − rate)) whose
/// masks come from its own seeded generator, not TorchSharp's process-wide one: trials trained at once on other threads
/// would otherwise draw from the same stream in whatever order the threads reach it, and no run would repeat.
/// Applied in training only; scoring (and the ONNX export) sees the plain network.
/// </summary>
public sealed class SeededDropout : IDisposable
{
    private readonly Generator _generator;
    private readonly Scalar _keep;

    /// <summary>Creates the dropout.</summary>
    /// <param name="rate">Probability of zeroing an activation, in [0, 1).</param>
    /// <param name="seed">Seed of the masks.</param>
    public SeededDropout(double rate, long seed)
    {
        if (!(rate >= 0 && rate < 1))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"The dropout rate must be in [0, 1); got {rate}.");
        Rate = rate;
        _generator = new Generator(unchecked((ulong)seed));
        _keep = (1 - rate).ToScalar();
    }

    /// <summary>Probability of zeroing an activation.</summary>
    public double Rate { get; }

    /// <summary><paramref name="x"/> with dropout applied (in the caller's dispose scope).</summary>
    public Tensor Apply(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (Rate == 0)
            return x;
        var keep = rand(x.shape, dtype: x.dtype, generator: _generator).lt(_keep).to_type(x.dtype);
        return x.mul(keep).div(_keep);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _generator.Dispose();
        _keep.Dispose();
    }
}

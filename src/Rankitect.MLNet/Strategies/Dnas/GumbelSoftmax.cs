using TorchSharp;
using static TorchSharp.torch;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.Strategies.Dnas;

/// <summary>
/// Draws Gumbel-softmax samples softmax((theta + g) / T), g = -ln(-ln u), u ~ U(0, 1), for every choice. The noise
/// comes from the strategy's own seeded <see cref="Random"/>, not TorchSharp's global generator, so a search is
/// reproducible whatever else runs in the process.
/// </summary>
internal sealed class GumbelSoftmax
{
    private const double MinimumWeight = 1e-6;
    private readonly Random _random;

    public GumbelSoftmax(int seed) => _random = new Random(seed);

    /// <summary>One relaxed sample per choice (tensors in the caller's dispose scope); gradients flow to theta
    /// unless <paramref name="detach"/>.</summary>
    public Tensor[] Sample(IReadOnlyList<Tensor> theta, double temperature, bool detach)
    {
        var total = theta.Sum(t => (int)t.shape[0]);
        var noise = new float[total];
        for (int i = 0; i < total; i++)
        {
            double u = Math.Max(_random.NextDouble(), 1e-12); // NextDouble is in [0, 1): keep ln(u) finite
            noise[i] = (float)-Math.Log(-Math.Log(u) + 1e-20);
        }
        var gumbel = tensor(noise);
        // Held scalars (not implicit temporaries, which a finalizer can free during the native call in TorchSharp 0.107).
        using var temperatureScalar = temperature.ToScalar();
        using var minimumWeight = MinimumWeight.ToScalar();
        using var zero = 0.0.ToScalar();
        var samples = new Tensor[theta.Count];
        long offset = 0;
        for (int c = 0; c < theta.Count; c++)
        {
            long count = theta[c].shape[0];
            var logits = detach ? theta[c].detach() : theta[c];
            var sample = logits.add(gumbel.narrow(0, offset, count), One).div(temperatureScalar).softmax(0);
            // At low temperatures most weights underflow towards 1e-30 and below; multiplied into activations they
            // make float32 denormals, which slow CPU kernels several-fold (measured: architecture epochs 3 and 4 took 3x and 5x as long as epoch 1).
            // Zeroing weights below 1e-6 changes the mixture negligibly and keeps the other weights' gradients.
            samples[c] = sample.masked_fill(sample.lt(minimumWeight), zero);
            offset += count;
        }
        return samples;
    }
}

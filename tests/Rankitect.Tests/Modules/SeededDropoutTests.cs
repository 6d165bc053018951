using Rankitect.SearchSpaces.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.Tests.Modules;

public class SeededDropoutTests
{
    [Fact]
    public void Drops_about_the_rate_scales_the_rest_and_repeats_for_a_seed()
    {
        Rankitect.Native.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var x = ones(200, 500);
        using var first = new SeededDropout(0.3, seed: 7);
        using var again = new SeededDropout(0.3, seed: 7);
        using var other = new SeededDropout(0.3, seed: 8);
        var a = first.Apply(x).data<float>().ToArray();
        var b = again.Apply(x).data<float>().ToArray();
        var c = other.Apply(x).data<float>().ToArray();

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        double dropped = a.Count(v => v == 0) / (double)a.Length;
        Assert.InRange(dropped, 0.28, 0.32);
        Assert.All(a.Where(v => v != 0), v => Assert.Equal(1 / 0.7f, v, 5)); // inverted dropout keeps the expectation
    }

    [Fact]
    public void An_mlp_applies_it_only_while_training()
    {
        Rankitect.Native.TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var mlp = SeededTorch.Create(3, () => new Mlp(4, [16, 1], activateLast: false));
        var input = randn(32, 4);
        using var dropout = new SeededDropout(0.5, seed: 1);
        mlp.eval();
        var plain = mlp.forward(input).data<float>().ToArray();
        mlp.Dropout = dropout;
        Assert.Equal(plain, mlp.forward(input).data<float>().ToArray());
        mlp.train();
        Assert.NotEqual(plain, mlp.forward(input).data<float>().ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeededDropout(1.0, seed: 1));
    }
}

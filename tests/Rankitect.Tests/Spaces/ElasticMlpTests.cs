using Rankitect.SearchSpaces.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.Tests.Spaces;

public class ElasticMlpTests
{
    [Fact]
    public void OneHotGatesGiveTheSubNetworkOfThoseWidths()
    {
        // Candidates: skip, 2, 4; input width 3, carrier max(3, 4) = 4.
        using var mlp = SeededTorch.Create(1, () => new ElasticMlp(3, 2, new[] { 0, 2, 4 }));
        using var scope = NewDisposeScope();
        var x = rand(5, 3);
        var layers = mlp.modules().OfType<Linear>().ToArray();

        // Layer 0 keeps width 2, layer 1 is skipped: relu(W0[:2, :3] x + b0[:2]), zero-padded to 4.
        var output = mlp.Forward(x, new[] { tensor(new[] { 0f, 1, 0 }), tensor(new[] { 1f, 0, 0 }) });
        var expected = nn.functional.relu(x.mm(layers[0].weight!.narrow(0, 0, 2).narrow(1, 0, 3).t()).add(layers[0].bias!.narrow(0, 0, 2), One));
        Assert.True(output.narrow(1, 0, 2).allclose(expected, 1e-5, 1e-6));
        Assert.Equal(0, output.narrow(1, 2, 2).abs().sum().item<float>());

        // Both layers at width 4: the second layer sees only the first's 4 outputs.
        var full = mlp.Forward(x, new[] { tensor(new[] { 0f, 0, 1 }), tensor(new[] { 0f, 0, 1 }) });
        var h = nn.functional.relu(x.mm(layers[0].weight!.narrow(1, 0, 3).t()).add(layers[0].bias!, One));
        var h2 = nn.functional.relu(h.mm(layers[1].weight!.t()).add(layers[1].bias!, One));
        Assert.True(full.allclose(h2, 1e-5, 1e-6));

        // Both skipped: the zero-padded input.
        var skipped = mlp.Forward(x, new[] { tensor(new[] { 1f, 0, 0 }), tensor(new[] { 1f, 0, 0 }) });
        Assert.True(skipped.narrow(1, 0, 3).allclose(x));
    }
}

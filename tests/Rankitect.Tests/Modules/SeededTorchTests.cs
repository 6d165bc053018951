using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Spaces.Blocks;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using static TorchSharp.torch;

namespace Rankitect.Tests.Modules;

public class SeededTorchTests
{
    private static CtrFeatureShape Shape() => new(3, [10, 4, 7]);

    private static float[][] Weights(nn.Module module) => module.parameters().Select(p => p.detach().data<float>().ToArray()).ToArray();

    // Another model, a test's rand() or user code may draw from TorchSharp's global generator at any moment; a seeded
    // creation's weights must not depend on it (they used to: the failure was a flaky determinism test under load).
    [Fact]
    public void Draws_from_the_global_generator_during_creation_do_not_change_the_weights()
    {
        var space = new DlrmSpace(Shape());
        var dcn = DlrmSpace.DcnV2(space);
        using var alone = SeededTorch.Create(5, () => space.Build(dcn));
        using var disturbed = SeededTorch.Create(5, () =>
        {
            using var foreign = rand(1000);
            return space.Build(dcn);
        });
        using var otherSeed = SeededTorch.Create(6, () => space.Build(dcn));

        Assert.Equal(Weights(alone), Weights(disturbed));
        Assert.NotEqual(Weights(alone), Weights(otherSeed));
    }

    [Fact]
    public void The_block_space_and_its_supernet_draw_from_the_seed_too()
    {
        var space = new BlockSpace(Shape(), BlockSpaceOptions.Small);
        var indices = space.Sample(new Random(1));
        using var alone = SeededTorch.Create(2, () => space.Build(indices));
        using var disturbed = SeededTorch.Create(2, () => { using var foreign = randn(64, 64); return space.Build(indices); });
        Assert.Equal(Weights(alone), Weights(disturbed));

        using var supernet = SeededTorch.Create(2, space.CreateSupernet);
        using var again = SeededTorch.Create(2, () => { using var foreign = rand(10); return space.CreateSupernet(); });
        Assert.Equal(Weights(supernet), Weights(again));
    }

    [Fact]
    public void Outside_a_seeded_creation_linear_keeps_torchs_own_initialization()
    {
        Rankitect.Native.TorchRuntime.EnsureLoaded();
        using var linear = SeededTorch.Linear(16, 4);
        float bound = 1 / MathF.Sqrt(16);
        Assert.All(Weights(linear).SelectMany(w => w), w => Assert.InRange(w, -bound, bound));
    }
}

using Rankitect.Native;
using Rankitect.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rankitect.Tests.Training;

public sealed class DenseParameterOptimizerTests
{
    [Theory]
    [InlineData(OptimizerKind.Adam, 0.01, 0.0)]
    [InlineData(OptimizerKind.Adam, 0.01, 0.1)]
    [InlineData(OptimizerKind.Adagrad, 0.05, 0.01)]
    [InlineData(OptimizerKind.Sgd, 0.1, 0.01)]
    public void Steps_equal_torch_optim(OptimizerKind kind, double lr, double weightDecay)
    {
        TorchRuntime.EnsureLoaded();
        using var initial = torch.linspace(-1, 1, 12).reshape(3, 4);
        var ours = new Parameter(initial.clone());
        var theirs = new Parameter(initial.clone());
        using var mine = new DenseParameterOptimizer([ours], kind, lr, weightDecay);
        using var reference = kind switch
        {
            OptimizerKind.Adam => optim.Adam([theirs], lr, weight_decay: weightDecay),
            OptimizerKind.Adagrad => (optim.Optimizer)optim.Adagrad([theirs], lr, weight_decay: weightDecay),
            _ => optim.SGD([theirs], lr, weight_decay: weightDecay),
        };
        for (int step = 0; step < 5; step++)
        {
            using var scope = NewDisposeScope();
            mine.ZeroGrad();
            reference.zero_grad();
            using var value = (step * 0.3).ToScalar();
            using var target = torch.full(3, 4, value);
            (ours - target).square().sum().backward();
            (theirs - target).square().sum().backward();
            mine.Step();
            reference.step();
        }
        Assert.True(ours.detach().allclose(theirs.detach(), rtol: 1e-5, atol: 1e-6), $"{kind}: {ours.detach().sub(theirs.detach()).abs().max().item<float>()}");
    }
}

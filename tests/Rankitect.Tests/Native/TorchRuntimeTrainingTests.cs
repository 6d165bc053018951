using Rankitect.Native;
using TorchSharp;

namespace Rankitect.Tests.Native;

public class TorchRuntimeTrainingTests
{
    [Fact]
    public void Forward_and_backward_pass_of_a_linear_model_gives_finite_gradients()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        using var model = torch.nn.Linear(4, 1);
        var features = torch.randn(8, 4);
        var targets = torch.randn(8, 1);

        var loss = torch.nn.functional.mse_loss(model.forward(features), targets);
        loss.backward();

        Assert.True(float.IsFinite(loss.item<float>()));
        var parameters = model.parameters().ToList();
        Assert.Equal(2, parameters.Count);
        foreach (var parameter in parameters)
        {
            var gradient = parameter.grad;
            Assert.NotNull(gradient);
            Assert.Equal(parameter.shape, gradient.shape);
            Assert.True(gradient.isfinite().all().item<bool>());
        }
    }

    [Fact]
    public void Diagnostics_tell_what_was_loaded()
    {
        TorchRuntime.EnsureLoaded();

        string diagnostics = TorchRuntime.Diagnostics;

        Assert.Contains("TorchSharp initialised the CPU backend.", diagnostics);
        if (OperatingSystem.IsLinux())
            Assert.Contains(TorchSharpPackages.WrapperFileName, diagnostics);
    }
}

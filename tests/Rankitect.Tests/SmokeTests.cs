using TorchSharp;
public class SmokeTests
{
    [Fact]
    public void TorchLoads()
    {
        using var t = torch.ones(3);
        Assert.Equal(3f, t.sum().item<float>());
    }
}

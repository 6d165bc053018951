using Rankitect.SearchSpaces.Modules;
using static TorchSharp.torch;

namespace Rankitect.Strategies.OneShot;

/// <summary>
/// A supernet's output layer alone, as a network whose dense input is the layer's cached input
/// (<see cref="CtrSupernet.OutputLayerInput"/>): fine-tuning it goes through the one training loop without running the
/// frozen layers below at every step. It does not own the supernet.
/// </summary>
internal sealed class OutputLayerHead : CtrModule
{
    private readonly CtrSupernet _supernet;

    public OutputLayerHead(CtrSupernet supernet) : base("output_layer_head") => _supernet = supernet;

    /// <inheritdoc/>
    public override Tensor forward(Tensor features, Tensor ids) => _supernet.OutputLayer(features);
}

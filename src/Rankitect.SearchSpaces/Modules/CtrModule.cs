using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>
/// A CTR network: (dense [B, D] float32, field ids [B, F] int64) -> logits [B]. Every model Rankitect trains,
/// searched or hand-designed, has this shape, so one training loop and one exporter serve them all.
/// </summary>
public abstract class CtrModule : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>Creates the module, loading TorchSharp's natives first if needed.</summary>
    protected CtrModule(string name) : base(TorchModule.Named(name))
    {
    }

    /// <summary>Number of trainable parameters.</summary>
    public long ParameterCount => parameters().Sum(p => p.numel());
}

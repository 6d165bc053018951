using Rankitect.SearchSpaces.Export;
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

    /// <summary>Gives every <see cref="Mlp"/> inside the network <paramref name="dropout"/> (null removes it); the
    /// network's other layers have none.</summary>
    /// <returns>How many MLPs took it (0: the network has no layer dropout applies to).</returns>
    public int SetDropout(SeededDropout? dropout)
    {
        int count = 0;
        foreach (var mlp in modules().OfType<Mlp>())
        {
            mlp.Dropout = dropout;
            count++;
        }
        return count;
    }

    /// <summary>
    /// Adds the nodes computing this network's forward pass to an ONNX graph, so the trained network can be scored
    /// by ONNX Runtime (and ML.NET's ApplyOnnxModel) exactly as TorchSharp scores it.
    /// </summary>
    /// <param name="graph">The graph being built.</param>
    /// <param name="dense">Name of the dense input float [N, D]; null when there are no dense inputs (D = 0).</param>
    /// <param name="ids">Name of the field ids int64 [N, F]; null when there are no categorical fields (F = 0).</param>
    /// <returns>Name of the logits tensor float [N].</returns>
    /// <exception cref="NotSupportedException">The network has no export, or needs an input that is null.</exception>
    public virtual string ExportOnnx(IOnnxGraphBuilder graph, string? dense, string? ids)
        => throw new NotSupportedException($"{GetType().Name} cannot be exported to ONNX: override {nameof(CtrModule)}.{nameof(ExportOnnx)}.");

    /// <summary>Returns <paramref name="input"/>, or throws naming the input a part of the network needs but the graph lacks.</summary>
    protected string RequireInput(string? input, string description)
        => input ?? throw new NotSupportedException($"{GetType().Name} reads {description}, but the export has no such input.");
}

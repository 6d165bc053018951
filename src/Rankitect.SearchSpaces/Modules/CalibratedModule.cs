using Rankitect.SearchSpaces.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>
/// A trained network whose logit is rescaled after training: scale · z + bias (Platt scaling, fitted on validation
/// rows by the caller). It keeps the network's ranking and fixes its calibration, and it stays one
/// <see cref="CtrModule"/>, so evaluation, ensembles and the ONNX export (a Mul and an Add after the network's graph)
/// treat it like any network. The wrapped network is a registered submodule: <c>eval()</c>, <c>parameters()</c> and
/// disposal cover it. Scale and bias are constants, not parameters: the wrapper is for scoring, not training.
/// </summary>
public sealed class CalibratedModule : CtrModule
{
    private readonly CtrModule _network;

    /// <summary>Wraps <paramref name="network"/>, which it owns from now on.</summary>
    /// <param name="network">The trained network.</param>
    /// <param name="scale">Multiplies the logit (finite).</param>
    /// <param name="bias">Added to the scaled logit (finite).</param>
    /// <param name="name">Module name (the scope of the exported graph).</param>
    /// <exception cref="ArgumentException">A non-finite scale or bias.</exception>
    public CalibratedModule(CtrModule network, double scale, double bias, string name = "calibrated") : base(name)
    {
        _network = network ?? throw new ArgumentNullException(nameof(network));
        if (!double.IsFinite(scale) || !double.IsFinite(bias))
            throw new ArgumentException($"Scale and bias must be finite; got {scale} and {bias}.");
        Scale = scale;
        Bias = bias;
        register_module("network", _network);
    }

    /// <summary>The wrapped network.</summary>
    public CtrModule Network => _network;

    /// <summary>Multiplies the network's logit.</summary>
    public double Scale { get; }

    /// <summary>Added to the scaled logit.</summary>
    public double Bias { get; }

    /// <summary>scale · network(dense, ids) + bias, [B].</summary>
    public override Tensor forward(Tensor dense, Tensor ids)
    {
        using var scope = NewDisposeScope();
        // Scalars held for the whole call (TorchSharp 0.107 may free an implicit temporary while a native call reads it).
        using var scale = Scale.ToScalar();
        using var bias = Bias.ToScalar();
        using var one = 1.ToScalar();
        return _network.forward(dense, ids).mul(scale).add(bias, one).MoveToOuterDisposeScope();
    }

    /// <summary>The network's graph, then Mul by the scale and Add of the bias (float32, as the graph computes).</summary>
    public override string ExportOnnx(IOnnxGraphBuilder graph, string? dense, string? ids)
    {
        ArgumentNullException.ThrowIfNull(graph);
        using var scope = graph.BeginScope(GetName());
        var logit = _network.ExportOnnx(graph, dense, ids);
        var scaled = graph.AddNode("Mul", [logit, graph.AddFloatConstant("scale", [(float)Scale])]);
        return graph.AddNode("Add", [scaled, graph.AddFloatConstant("bias", [(float)Bias])]);
    }
}

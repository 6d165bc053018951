using Rankitect.SearchSpaces.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>
/// log(max(x, 0) + 1) on dense inputs (NASRec's transform for count features). It lives in the graph rather than in
/// the ML.NET featurization so that the exported network applies exactly what training applied.
/// </summary>
public sealed class DenseLogTransform : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    /// <summary>Creates the transform.</summary>
    public DenseLogTransform(string name = "dense_log") : base(TorchModule.Named(name))
    {
    }

    /// <inheritdoc/>
    /// <remarks>relu(x) = max(x, 0), as exported. It also avoids a temporary <c>Scalar</c> per call: TorchSharp 0.107 lets
    /// the finalizer free an implicit Scalar while the native call still reads it (seen as a rare "toDouble" failure
    /// under parallel training).</remarks>
    public override Tensor forward(Tensor dense) => nn.functional.relu(dense).log1p();

    /// <inheritdoc/>
    public string ExportOnnx(IOnnxGraphBuilder graph, string input)
    {
        using var scope = graph.BeginScope(GetName());
        // ONNX has no log1p; log(1 + x) differs from it by under 1e-7 absolute in float32, far below model noise.
        var positive = graph.AddNode("Relu", [input]);
        // x - x is exactly 0 for a finite x and NaN for +-Infinity, which training refuses: so an infinite input makes
        // the score NaN, which the score mapping turns into an error, instead of relu clamping -Infinity to a silent 0.
        var guard = graph.AddNode("Sub", [input, input]);
        var guarded = graph.AddNode("Add", [positive, guard]);
        var shifted = graph.AddNode("Add", [guarded, graph.AddFloatConstant("one", [1f])]);
        return graph.AddNode("Log", [shifted]);
    }
}

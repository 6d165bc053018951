namespace Rankitect.SearchSpaces.Export;

/// <summary>The ONNX operator set every module's export is written against. Operators changed their signatures
/// across opsets (e.g. Squeeze, Unsqueeze and ReduceSum take their axes as an input since opset 13), so module
/// exports and the model writer must agree on one version.</summary>
public static class OnnxOpset
{
    /// <summary>The default-domain opset version: 17 (supported by ONNX Runtime 1.31 and ML.NET's OnnxTransformer).</summary>
    public const int Version = 17;
}

namespace Rankitect.SearchSpaces.Export;

/// <summary>
/// A one-input module that can write its forward pass into an ONNX graph. Implement it in the module's own file,
/// next to <c>forward</c>, so that an operator and its export change together.
/// </summary>
public interface IOnnxExportable
{
    /// <summary>Adds the nodes computing this module's forward pass on <paramref name="input"/>.</summary>
    /// <param name="graph">The graph being built.</param>
    /// <param name="input">Name of the input tensor, shaped as <c>forward</c>'s input with a dynamic batch dimension.</param>
    /// <returns>Name of the output tensor, shaped as <c>forward</c>'s output.</returns>
    string ExportOnnx(IOnnxGraphBuilder graph, string input);
}

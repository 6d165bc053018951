using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Export;

/// <summary>
/// What a module needs to write itself into an ONNX graph (opset <see cref="OnnxOpset.Version"/>): weights,
/// constants and nodes, all referred to by tensor name. It knows nothing of ONNX's file format, so modules export
/// themselves next to their <c>forward</c> without depending on protobuf; the writer lives in Rankitect.MLNet.
/// </summary>
/// <remarks>
/// Names passed for initializers and constants are readable hints: the builder prefixes the current scope
/// (<see cref="BeginScope"/>) and adds a suffix if needed, and returns the name it used. Node output names are
/// generated the same way unless given explicitly.
/// </remarks>
public interface IOnnxGraphBuilder
{
    /// <summary>Adds a copy of <paramref name="value"/> (float32 or int64, any shape, any device) as an initializer.</summary>
    /// <param name="name">Readable name hint, e.g. "weight".</param>
    /// <param name="value">The tensor; its current values are copied, later changes are not seen.</param>
    /// <returns>The initializer's tensor name.</returns>
    string AddInitializer(string name, Tensor value);

    /// <summary>Adds a float32 constant.</summary>
    /// <param name="name">Readable name hint.</param>
    /// <param name="values">Values in row-major order.</param>
    /// <param name="shape">Dimensions; null means a vector of <paramref name="values"/>' length.</param>
    /// <returns>The constant's tensor name.</returns>
    string AddFloatConstant(string name, float[] values, long[]? shape = null);

    /// <summary>Adds a float64 constant (for arithmetic that float32 cannot do exactly).</summary>
    /// <inheritdoc cref="AddFloatConstant" path="/param"/>
    /// <returns>The constant's tensor name.</returns>
    string AddDoubleConstant(string name, double[] values, long[]? shape = null);

    /// <summary>Adds an int64 constant (indices, axes, shapes).</summary>
    /// <inheritdoc cref="AddFloatConstant" path="/param"/>
    /// <returns>The constant's tensor name.</returns>
    string AddInt64Constant(string name, long[] values, long[]? shape = null);

    /// <summary>Adds a node with one output.</summary>
    /// <param name="opType">The operator, e.g. "MatMul".</param>
    /// <param name="inputs">Input tensor names in the operator's order; "" leaves an optional input out.</param>
    /// <param name="attributes">Node attributes, if any.</param>
    /// <param name="output">Exact name of the output tensor; null lets the builder name it after the operator.</param>
    /// <returns>The output's tensor name.</returns>
    string AddNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<OnnxAttribute>? attributes = null, string? output = null);

    /// <summary>Adds a node with several outputs, named exactly as given.</summary>
    /// <param name="opType">The operator.</param>
    /// <param name="inputs">Input tensor names; "" leaves an optional input out.</param>
    /// <param name="outputs">Exact output tensor names.</param>
    /// <param name="attributes">Node attributes, if any.</param>
    void AddNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IReadOnlyList<OnnxAttribute>? attributes);

    /// <summary>Prefixes <paramref name="name"/> to every name generated until the returned scope is disposed,
    /// so a module's tensors read as e.g. "dlrm.top.0.weight".</summary>
    IDisposable BeginScope(string name);
}

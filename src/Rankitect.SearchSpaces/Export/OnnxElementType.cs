namespace Rankitect.SearchSpaces.Export;

/// <summary>ONNX tensor element types Rankitect uses; the values are ONNX's <c>TensorProto.DataType</c> codes,
/// so they can be passed directly as a Cast node's <c>to</c> attribute.</summary>
public enum OnnxElementType
{
    /// <summary>32-bit float.</summary>
    Float = 1,

    /// <summary>64-bit signed integer.</summary>
    Int64 = 7,

    /// <summary>Boolean.</summary>
    Bool = 9,

    /// <summary>64-bit float.</summary>
    Double = 11,
}

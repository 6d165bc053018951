namespace Rankitect.SearchSpaces.Export;

/// <summary>The kinds of node attribute a module export can set.</summary>
public enum OnnxAttributeKind
{
    /// <summary>One 64-bit integer.</summary>
    Int,

    /// <summary>One 32-bit float.</summary>
    Float,

    /// <summary>A list of 64-bit integers.</summary>
    Ints,

    /// <summary>A list of 32-bit floats.</summary>
    Floats,
}

/// <summary>A named attribute of an ONNX node, e.g. Gather's <c>axis</c> or Cast's <c>to</c>.
/// Create one with <see cref="Int(string, long)"/>, <see cref="Float"/>, <see cref="Ints"/> or <see cref="Floats"/>.</summary>
public sealed class OnnxAttribute
{
    private OnnxAttribute(string name, OnnxAttributeKind kind, long intValue, float floatValue,
        IReadOnlyList<long> intValues, IReadOnlyList<float> floatValues)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Kind = kind;
        IntValue = intValue;
        FloatValue = floatValue;
        IntValues = intValues;
        FloatValues = floatValues;
    }

    /// <summary>The attribute's name as the operator defines it.</summary>
    public string Name { get; }

    /// <summary>Which of the value properties holds the value.</summary>
    public OnnxAttributeKind Kind { get; }

    /// <summary>The value of an <see cref="OnnxAttributeKind.Int"/> attribute.</summary>
    public long IntValue { get; }

    /// <summary>The value of a <see cref="OnnxAttributeKind.Float"/> attribute.</summary>
    public float FloatValue { get; }

    /// <summary>The values of an <see cref="OnnxAttributeKind.Ints"/> attribute (empty otherwise).</summary>
    public IReadOnlyList<long> IntValues { get; }

    /// <summary>The values of a <see cref="OnnxAttributeKind.Floats"/> attribute (empty otherwise).</summary>
    public IReadOnlyList<float> FloatValues { get; }

    /// <summary>An integer attribute.</summary>
    public static OnnxAttribute Int(string name, long value)
        => new(name, OnnxAttributeKind.Int, value, 0, Array.Empty<long>(), Array.Empty<float>());

    /// <summary>An element-type attribute (Cast's <c>to</c>): an integer holding the ONNX type code.</summary>
    public static OnnxAttribute ElementType(string name, OnnxElementType value) => Int(name, (long)value);

    /// <summary>A float attribute.</summary>
    public static OnnxAttribute Float(string name, float value)
        => new(name, OnnxAttributeKind.Float, 0, value, Array.Empty<long>(), Array.Empty<float>());

    /// <summary>A list-of-integers attribute (e.g. Transpose's <c>perm</c>).</summary>
    public static OnnxAttribute Ints(string name, params long[] values)
        => new(name, OnnxAttributeKind.Ints, 0, 0, (long[])values.Clone(), Array.Empty<float>());

    /// <summary>A list-of-floats attribute.</summary>
    public static OnnxAttribute Floats(string name, params float[] values)
        => new(name, OnnxAttributeKind.Floats, 0, 0, Array.Empty<long>(), (float[])values.Clone());

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        OnnxAttributeKind.Int => $"{Name}={IntValue}",
        OnnxAttributeKind.Float => $"{Name}={FloatValue}",
        OnnxAttributeKind.Ints => $"{Name}=[{string.Join(", ", IntValues)}]",
        _ => $"{Name}=[{string.Join(", ", FloatValues)}]",
    };
}

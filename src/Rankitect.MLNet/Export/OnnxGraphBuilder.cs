using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Rankitect.Export.Onnx;
using Rankitect.SearchSpaces.Export;
using static TorchSharp.torch;

namespace Rankitect.Export;

/// <summary>
/// Builds an ONNX <see cref="GraphProto"/> for the modules' <see cref="IOnnxGraphBuilder"/> calls: names tensors
/// uniquely under the current scope, stores weights as little-endian raw data, and declares the graph's inputs and
/// outputs with a dynamic batch dimension.
/// </summary>
internal sealed class OnnxGraphBuilder : IOnnxGraphBuilder
{
    /// <summary>The symbolic name of the batch dimension in declared inputs and outputs.</summary>
    public const string BatchDimension = "N";

    private readonly GraphProto _graph = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly List<string> _scopes = new();

    /// <summary>Creates an empty graph named <paramref name="name"/>.</summary>
    public OnnxGraphBuilder(string name)
    {
        _graph.Name = name;
    }

    /// <summary>Number of nodes added so far.</summary>
    public int NodeCount => _graph.Node.Count;

    /// <summary>Declares a graph input [N, width...] with exactly <paramref name="name"/> (ML.NET matches columns by
    /// tensor name) and returns that name.</summary>
    public string AddInput(string name, OnnxElementType type, params long[] dimensionsAfterBatch)
    {
        Claim(name);
        _graph.Input.Add(ValueInfo(name, type, dimensionsAfterBatch));
        return name;
    }

    /// <summary>Declares an existing tensor [N, width...] as a graph output.</summary>
    public void AddOutput(string name, OnnxElementType type, params long[] dimensionsAfterBatch)
    {
        if (!_names.Contains(name))
            throw new InvalidOperationException($"No tensor named '{name}' to declare as an output.");
        _graph.Output.Add(ValueInfo(name, type, dimensionsAfterBatch));
    }

    /// <summary>The graph built so far.</summary>
    public GraphProto ToGraph() => _graph.Clone();

    /// <inheritdoc/>
    public string AddInitializer(string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var type = value.dtype switch
        {
            ScalarType.Float32 => OnnxElementType.Float,
            ScalarType.Int64 => OnnxElementType.Int64,
            ScalarType.Float64 => OnnxElementType.Double,
            var other => throw new NotSupportedException($"Initializer '{name}' has element type {other}; the ONNX export supports Float32, Float64 and Int64."),
        };
        using var scope = NewDisposeScope();
        // A contiguous CPU tensor's bytes are already ONNX's raw_data layout: copied once, straight into the message.
        var cpu = value.detach().cpu().contiguous();
        return AddTensor(name, type, cpu.shape, cpu.bytes);
    }

    /// <inheritdoc/>
    public string AddFloatConstant(string name, float[] values, long[]? shape = null)
        => AddTensor(name, OnnxElementType.Float, CheckedShape(name, values.Length, shape), MemoryMarshal.AsBytes(values.AsSpan()));

    /// <inheritdoc/>
    public string AddDoubleConstant(string name, double[] values, long[]? shape = null)
        => AddTensor(name, OnnxElementType.Double, CheckedShape(name, values.Length, shape), MemoryMarshal.AsBytes(values.AsSpan()));

    /// <inheritdoc/>
    public string AddInt64Constant(string name, long[] values, long[]? shape = null)
        => AddTensor(name, OnnxElementType.Int64, CheckedShape(name, values.Length, shape), MemoryMarshal.AsBytes(values.AsSpan()));

    /// <inheritdoc/>
    public string AddNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<OnnxAttribute>? attributes = null, string? output = null)
    {
        string name;
        if (output is null)
        {
            name = UniqueName(opType);
        }
        else
        {
            Claim(output);
            name = output;
        }
        Append(opType, inputs, new[] { name }, attributes);
        return name;
    }

    /// <inheritdoc/>
    public void AddNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IReadOnlyList<OnnxAttribute>? attributes)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        foreach (var output in outputs)
            Claim(output);
        Append(opType, inputs, outputs, attributes);
    }

    /// <inheritdoc/>
    public IDisposable BeginScope(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        _scopes.Add(name);
        return new ScopeExit(this, _scopes.Count);
    }

    private void Append(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IReadOnlyList<OnnxAttribute>? attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var input in inputs)
        {
            // Catching a misspelt name here points at the module; ONNX Runtime would only report a broken graph.
            if (input.Length > 0 && !_names.Contains(input))
                throw new InvalidOperationException($"{opType} node reads '{input}', which no input, initializer or node defines.");
        }
        var node = new NodeProto { OpType = opType, Name = outputs[0] };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        if (attributes is not null)
            node.Attribute.AddRange(attributes.Select(ToProto));
        _graph.Node.Add(node);
    }

    private string AddTensor(string name, OnnxElementType type, long[] dims, ReadOnlySpan<byte> littleEndianData)
    {
        // raw_data is little-endian by definition; every platform .NET and libtorch run on here is.
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("The ONNX export needs a little-endian platform.");
        var unique = UniqueName(name);
        var tensor = new TensorProto { Name = unique, DataType = (int)type, RawData = ByteString.CopyFrom(littleEndianData) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return unique;
    }

    private static long[] CheckedShape(string name, int count, long[]? shape)
    {
        if (shape is null)
            return new long[] { count };
        long product = shape.Aggregate(1L, (p, d) => p * d);
        if (product != count)
            throw new ArgumentException($"Constant '{name}' has {count} values but shape [{string.Join(", ", shape)}].", nameof(shape));
        return (long[])shape.Clone();
    }

    private string UniqueName(string hint)
    {
        ArgumentException.ThrowIfNullOrEmpty(hint);
        var baseName = _scopes.Count == 0 ? hint : string.Join('.', _scopes) + "." + hint;
        var name = baseName;
        for (int suffix = 1; !_names.Add(name); suffix++)
            name = baseName + "_" + suffix.ToString(CultureInfo.InvariantCulture);
        return name;
    }

    private void Claim(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_names.Add(name))
            throw new InvalidOperationException($"The graph already has a tensor named '{name}'.");
    }

    private static ValueInfoProto ValueInfo(string name, OnnxElementType type, long[] dimensionsAfterBatch)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        foreach (var d in dimensionsAfterBatch)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }

    private static AttributeProto ToProto(OnnxAttribute attribute)
    {
        var proto = new AttributeProto { Name = attribute.Name };
        switch (attribute.Kind)
        {
            case OnnxAttributeKind.Int:
                proto.Type = AttributeProto.Types.AttributeType.Int;
                proto.I = attribute.IntValue;
                break;
            case OnnxAttributeKind.Float:
                proto.Type = AttributeProto.Types.AttributeType.Float;
                proto.F = attribute.FloatValue;
                break;
            case OnnxAttributeKind.Ints:
                proto.Type = AttributeProto.Types.AttributeType.Ints;
                proto.Ints.AddRange(attribute.IntValues);
                break;
            case OnnxAttributeKind.Floats:
                proto.Type = AttributeProto.Types.AttributeType.Floats;
                proto.Floats.AddRange(attribute.FloatValues);
                break;
            default:
                throw new NotSupportedException($"Attribute kind {attribute.Kind} is not supported.");
        }
        return proto;
    }

    private sealed class ScopeExit(OnnxGraphBuilder owner, int depth) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed)
                return;
            // Scopes close innermost first; anything else is a bug in a module's export.
            if (owner._scopes.Count != depth)
                throw new InvalidOperationException("ONNX export scopes must be closed in reverse order of opening.");
            owner._scopes.RemoveAt(depth - 1);
            _disposed = true;
        }
    }
}

using Rankitect.Data;
using Rankitect.SearchSpaces.Export;

namespace Rankitect.Export;

/// <summary>
/// The graph's input adapter: turns the <see cref="FeatureSchema.SparseCodesColumnName"/> vector (each field's key as
/// binary digits, most significant first) into int64 field ids [N, F], exactly as <see cref="SparseField.Decode"/> does.
/// </summary>
internal static class SparseCodeDecoder
{
    /// <summary>Adds the decoding of <paramref name="codes"/> float [N, W] and returns the ids tensor int64 [N, F].</summary>
    public static string AddDecode(IOnnxGraphBuilder graph, string codes, IReadOnlyList<SparseField> fields)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
            throw new ArgumentException("At least one field is needed.", nameof(fields));
        int width = fields[^1].CodeOffset + fields[^1].CodeWidth;
        using var scope = graph.BeginScope("decode_ids");

        // A slot is a one when it is non-zero (NaN included), the test Decode makes.
        var isZero = graph.AddNode("Equal", [codes, graph.AddFloatConstant("zero", [0f])]);
        var bits = graph.AddNode("Cast", [graph.AddNode("Not", [isZero])], [OnnxAttribute.ElementType("to", OnnxElementType.Double)]);

        // Double, not float: codes reach 31 bits and float32 is exact only up to 2^24.
        var powers = new double[width * fields.Count];
        var moduli = new double[fields.Count];
        for (int f = 0; f < fields.Count; f++)
        {
            var field = fields[f];
            if (field.CodeWidth is < 1 or > 52)
                throw new ArgumentException($"Field '{field.Name}' has a code of {field.CodeWidth} slots; 1 to 52 can be decoded exactly.", nameof(fields));
            for (int i = 0; i < field.CodeWidth; i++)
                powers[(field.CodeOffset + i) * fields.Count + f] = Math.ScaleB(1.0, field.CodeWidth - 1 - i);
            moduli[f] = Math.ScaleB(1.0, field.CodeWidth);
        }
        var values = graph.AddNode("MatMul", [bits, graph.AddDoubleConstant("place_values", powers, [width, fields.Count])]);
        // ML.NET codes key k as k - 1, so the missing key 0 is all ones: adding one modulo 2^width undoes both.
        var shifted = graph.AddNode("Add", [values, graph.AddDoubleConstant("one", [1.0])]);
        var wrapped = graph.AddNode("Mod", [shifted, graph.AddDoubleConstant("moduli", moduli)], [OnnxAttribute.Int("fmod", 1)]);
        return graph.AddNode("Cast", [wrapped], [OnnxAttribute.ElementType("to", OnnxElementType.Int64)]);
    }
}

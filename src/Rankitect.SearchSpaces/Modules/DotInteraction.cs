using Rankitect.SearchSpaces.Export;
using TorchSharp;
using static TorchSharp.torch;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>
/// DLRM's interaction: dot products of all pairs of T vectors, the strictly lower triangle of X Xᵀ.
/// Input [B, T, d] -> output [B, T(T-1)/2].
/// </summary>
public sealed class DotInteraction : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Tensor rows;
    private readonly Tensor columns;
    private readonly int _vectorCount;

    /// <summary>Creates the interaction for <paramref name="vectorCount"/> vectors.</summary>
    public DotInteraction(int vectorCount, string name = "dot") : base(TorchModule.Named(name))
    {
        if (vectorCount < 2)
            throw new ArgumentOutOfRangeException(nameof(vectorCount), vectorCount, "A dot interaction needs at least two vectors.");
        var pairs = Enumerable.Range(0, vectorCount).SelectMany(i => Enumerable.Range(0, i).Select(j => (i, j))).ToArray();
        rows = tensor(pairs.Select(p => (long)p.i).ToArray());
        columns = tensor(pairs.Select(p => (long)p.j).ToArray());
        OutputWidth = pairs.Length;
        _vectorCount = vectorCount;
        RegisterComponents();
    }

    /// <summary>Number of pairs.</summary>
    public int OutputWidth { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor vectors)
    {
        using var gram = vectors.bmm(vectors.transpose(1, 2));
        using var flat = gram.flatten(1);
        using var width = vectors.shape[1].ToScalar();
        using var index = rows.mul(width).add(columns, One);
        return flat.index_select(1, index);
    }

    /// <inheritdoc/>
    public string ExportOnnx(IOnnxGraphBuilder graph, string input)
    {
        using var scope = graph.BeginScope(GetName());
        long t = _vectorCount;
        var transposed = graph.AddNode("Transpose", [input], [OnnxAttribute.Ints("perm", 0, 2, 1)]);
        var gram = graph.AddNode("MatMul", [input, transposed]);
        var flat = graph.AddNode("Reshape", [gram, graph.AddInt64Constant("flat_shape", [-1, t * t])]);
        var lowerTriangle = new long[OutputWidth];
        int k = 0;
        for (long i = 0; i < t; i++)
            for (long j = 0; j < i; j++)
                lowerTriangle[k++] = i * t + j;
        return graph.AddNode("Gather", [flat, graph.AddInt64Constant("pairs", lowerTriangle)], [OnnxAttribute.Int("axis", 1)]);
    }
}

using Rankitect.SearchSpaces.Export;
using TorchSharp;
using static TorchSharp.torch;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>
/// One embedding table per categorical field, all of the same dimension, stored as a single table with per-field
/// row offsets: one lookup per batch instead of one per field, trained by sparse row updates
/// (<see cref="SparseEmbeddingTable"/>). Ids [B, F] int64 -> embeddings [B, F, dim].
/// </summary>
public sealed class FieldEmbeddings : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly SparseEmbeddingTable table;
    private readonly Tensor offsets;

    /// <summary>Creates the tables.</summary>
    /// <param name="cardinalities">Rows of each field's table (ids 0 .. cardinality - 1).</param>
    /// <param name="dimension">Embedding dimension.</param>
    /// <param name="name">Module name.</param>
    public FieldEmbeddings(IReadOnlyList<int> cardinalities, int dimension, string name = "embeddings") : base(TorchModule.Named(name))
    {
        if (cardinalities.Count == 0)
            throw new ArgumentException("At least one field is needed.", nameof(cardinalities));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        var starts = new long[cardinalities.Count];
        long total = 0;
        for (int f = 0; f < cardinalities.Count; f++)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cardinalities[f], nameof(cardinalities));
            starts[f] = total;
            total += cardinalities[f];
        }
        table = new SparseEmbeddingTable(total, dimension);
        offsets = tensor(starts, ScalarType.Int64).unsqueeze(0);
        using (no_grad())
        {
            // DLRM's initialization: uniform in +-sqrt(1 / rows) per table, so large tables start near zero.
            for (int f = 0; f < cardinalities.Count; f++)
            {
                double bound = Math.Sqrt(1.0 / cardinalities[f]);
                SeededTorch.Uniform_(table.Weight.narrow(0, starts[f], cardinalities[f]), bound);
            }
        }
        Dimension = dimension;
        FieldCount = cardinalities.Count;
        RegisterComponents();
    }

    /// <summary>Embedding dimension.</summary>
    public int Dimension { get; }

    /// <summary>Number of fields.</summary>
    public int FieldCount { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor ids)
    {
        using var rows = ids.add(offsets, One);
        return table.forward(rows);
    }

    /// <summary>Adds the lookup of ids int64 [N, F] and returns the embeddings [N, F, dim].</summary>
    public string ExportOnnx(IOnnxGraphBuilder graph, string input)
    {
        using var scope = graph.BeginScope(GetName());
        var rows = graph.AddNode("Add", [input, graph.AddInitializer("offsets", offsets)]);
        return table.ExportOnnx(graph, rows);
    }
}

using Rankitect.SearchSpaces.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>
/// One embedding table per field with its own dimension and its own (hashed, see <see cref="RowHashing"/>) number of
/// rows, each projected without bias to a common width. Tables are <see cref="SparseEmbeddingTable"/>s, trained by
/// sparse row updates. Ids [B, F] int64 -> vectors [B, F, width].
/// </summary>
public sealed class HashedFieldEmbeddings : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly ModuleList<SparseEmbeddingTable> tables = new();
    private readonly ModuleList<Linear> projections = new();
    private readonly Tensor rows;

    /// <summary>Creates the tables.</summary>
    /// <param name="rowCounts">Rows of each field's table.</param>
    /// <param name="dimensions">Embedding dimension of each field.</param>
    /// <param name="width">Common output width.</param>
    /// <param name="name">Module name.</param>
    public HashedFieldEmbeddings(IReadOnlyList<int> rowCounts, IReadOnlyList<int> dimensions, int width, string name = "embeddings")
        : base(TorchModule.Named(name))
    {
        if (rowCounts.Count == 0 || rowCounts.Count != dimensions.Count)
            throw new ArgumentException("One row count and one dimension per field are needed (at least one field).");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        for (int f = 0; f < rowCounts.Count; f++)
        {
            var table = new SparseEmbeddingTable(rowCounts[f], dimensions[f], $"table{f}");
            using (no_grad())
            {
                // DLRM's initialization, as in FieldEmbeddings: uniform in +-sqrt(1 / rows).
                double bound = Math.Sqrt(1.0 / rowCounts[f]);
                SeededTorch.Uniform_(table.Weight, bound);
            }
            tables.Add(table);
            projections.Add(SeededTorch.Linear(dimensions[f], width, hasBias: false));
        }
        rows = tensor(rowCounts.Select(r => (long)r).ToArray());
        Width = width;
        RegisterComponents();
    }

    /// <summary>Common output width.</summary>
    public int Width { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor ids)
    {
        using var scope = NewDisposeScope();
        var hashed = RowHashing.Rows(ids, rows);
        var vectors = new Tensor[tables.Count];
        for (int f = 0; f < tables.Count; f++)
            vectors[f] = projections[f].forward(tables[f].forward(hashed.select(1, f)));
        return stack(vectors, 1).MoveToOuterDisposeScope();
    }

    /// <summary>Adds the hashing and lookup of ids int64 [N, F] and returns the projected vectors [N, F, width].</summary>
    public string ExportOnnx(IOnnxGraphBuilder graph, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        using var scope = graph.BeginScope(GetName());
        var hashed = ExportRowHashing(graph, input);
        var vectors = new string[tables.Count];
        for (int f = 0; f < tables.Count; f++)
        {
            // Gathering with the 1-D index [f] keeps the field axis, so the per-field results concatenate into
            // forward's stack(·, 1) without an Unsqueeze each: [N, 1] ids -> [N, 1, dim] -> [N, 1, width].
            var fieldIds = graph.AddNode("Gather", [hashed, graph.AddInt64Constant($"field{f}", [f])], [OnnxAttribute.Int("axis", 1)]);
            var embedded = tables[f].ExportOnnx(graph, fieldIds);
            vectors[f] = projections[f].ExportOnnx(graph, embedded, $"projection{f}");
        }
        return vectors.Length == 1 ? vectors[0] : graph.AddNode("Concat", vectors, [OnnxAttribute.Int("axis", 1)]);
    }

    /// <summary><see cref="RowHashing.Rows"/> in int64 graph arithmetic: ids [N, F] -> table rows [N, F].</summary>
    private string ExportRowHashing(IOnnxGraphBuilder graph, string ids)
    {
        using var scope = graph.BeginScope("hash");
        var one = graph.AddInt64Constant("one", [1]);
        var zero = graph.AddInt64Constant("zero", [0]);
        var rowCounts = graph.AddInitializer("rows", rows);
        var modulus = graph.AddNode("Max", [graph.AddNode("Sub", [rowCounts, one]), one]);
        // fmod = 0 takes the divisor's sign, as torch's remainder does, so (0 - 1) mod m stays in range before
        // the OOV mask replaces it.
        var shifted = graph.AddNode("Mod", [graph.AddNode("Sub", [ids, one]), modulus], [OnnxAttribute.Int("fmod", 0)]);
        var hashed = graph.AddNode("Add", [shifted, one]);
        var toZero = graph.AddNode("Or", [graph.AddNode("Equal", [ids, zero]), graph.AddNode("Equal", [rowCounts, one])]);
        return graph.AddNode("Where", [toZero, zero, hashed]);
    }
}

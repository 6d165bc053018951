using Rankitect.SearchSpaces.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>
/// An embedding table trained by row-wise sparse updates. Autograd would hand the optimizer a dense gradient as large
/// as the whole table on every step (TorchSharp cannot read sparse gradients), which dominates training time once a
/// table has millions of rows. Here a training-mode lookup returns a leaf tensor of just the looked-up rows; after
/// <c>backward()</c> a sparse optimizer reads <see cref="PendingLookups"/> and updates only those rows.
/// The dense optimizer must skip <see cref="Weight"/> (its gradient is never populated).
/// </summary>
public sealed class SparseEmbeddingTable : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly Parameter weight;
    private readonly List<(Tensor Ids, Tensor Rows)> _pending = new();

    /// <summary>Creates a table of <paramref name="rows"/> x <paramref name="dimension"/> zeros; initialize it with
    /// <see cref="Weight"/> under <c>no_grad</c>.</summary>
    public SparseEmbeddingTable(long rows, int dimension, string name = "table") : base(TorchModule.Named(name))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        weight = new Parameter(zeros(rows, dimension));
        Rows = rows;
        Dimension = dimension;
        RegisterComponents();
    }

    /// <summary>The table [rows, dimension].</summary>
    public Parameter Weight => weight;

    /// <summary>Number of rows.</summary>
    public long Rows { get; }

    /// <summary>Embedding dimension.</summary>
    public int Dimension { get; }

    /// <summary>Lookups made since the last <see cref="ClearPending"/>: the flat ids [N] and the leaf rows [N, dim]
    /// whose <c>grad</c> holds their gradient after <c>backward()</c>. The table owns these tensors (they outlive
    /// the forward pass's dispose scopes) until <see cref="ClearPending"/>.</summary>
    public IReadOnlyList<(Tensor Ids, Tensor Rows)> PendingLookups => _pending;

    /// <summary>Disposes and forgets pending lookups.</summary>
    public void ClearPending()
    {
        foreach (var (ids, rows) in _pending)
        {
            ids.Dispose();
            rows.Dispose();
        }
        _pending.Clear();
    }

    /// <summary>Looks up ids of any shape [...] and returns [..., dim].</summary>
    public override Tensor forward(Tensor ids)
    {
        var flat = ids.reshape(-1);
        var shape = ids.shape.Append(Dimension).ToArray();
        if (!training || !is_grad_enabled())
            return weight.detach().index_select(0, flat).view(shape);
        var rows = weight.detach().index_select(0, flat).requires_grad_(true);
        _pending.Add((flat.alias().DetachFromDisposeScope(), rows.alias().DetachFromDisposeScope()));
        return rows.view(shape);
    }

    /// <summary>Adds the lookup of int64 ids [...] and returns the rows [..., dim].</summary>
    public string ExportOnnx(IOnnxGraphBuilder graph, string input)
    {
        using var scope = graph.BeginScope(GetName());
        return graph.AddNode("Gather", [graph.AddInitializer("weight", weight), input], [OnnxAttribute.Int("axis", 0)]);
    }
}

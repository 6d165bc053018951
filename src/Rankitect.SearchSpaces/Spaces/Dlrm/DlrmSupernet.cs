using Rankitect.SearchSpaces.Modules;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.SearchSpaces.Spaces.Dlrm;

/// <summary>
/// The weight-sharing supernet of a <see cref="DlrmSpace"/> for DNAS. Before each forward pass the strategy sets one
/// gate vector per choice (<see cref="SetGates"/>, e.g. a Gumbel-softmax sample; a one-hot gate selects one
/// candidate) and every choice is mixed by its gate:
/// MLP widths and skips by masks over one weight at the largest width (<see cref="ElasticMlp"/>); embedding dims by
/// masks over one table at the largest dim; table sizes by mixing the lookups of each candidate's hashed rows in that
/// same table (the rows of a smaller table are a prefix of the full one); interaction ops by giving each op its own
/// gate-scaled segment of the top MLP's input (a one-hot gate leaves only that op's segment); the first-order term by
/// adding its output times the gate of "on" to the logit. Embedding rows are
/// trained by sparse row updates (<see cref="SparseEmbeddingTable"/>). Without dense inputs there is no bottom MLP
/// and the interactions see the projected embeddings alone, as in <see cref="SearchedDlrm"/>.
/// </summary>
public sealed class DlrmSupernet : CtrSupernet
{
    private readonly DenseLogTransform denseTransform;
    private readonly ElasticMlp? bottom;    // both null without dense inputs
    private readonly Linear? bottomOut;
    private readonly SparseEmbeddingTable table;
    private readonly Tensor offsets;
    private readonly Tensor rowCounts;
    private readonly Tensor dimMasks;
    private readonly Parameter projection;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> interactions = new();
    private readonly ElasticMlp top;
    private readonly Linear logit;
    private readonly FirstOrderTerm? firstOrder;   // null when "on" is not a candidate
    private readonly int _firstOrderOn;
    private readonly InteractionOp[] _ops;
    private IReadOnlyList<Tensor>? _gates;
    private Tensor[]? _pathGates;   // owned one-hot gates of SetPath

    /// <summary>Creates the supernet of <paramref name="space"/>.</summary>
    public DlrmSupernet(DlrmSpace space, string name = "dlrm_supernet") : base(name)
    {
        Space = space ?? throw new ArgumentNullException(nameof(space));
        var shape = space.Shape;
        int d = space.Options.InteractionWidth, n = space.InteractionVectors, fields = shape.FieldCount;
        denseTransform = new DenseLogTransform();
        if (space.HasBottom)
        {
            bottom = new ElasticMlp(shape.DenseWidth, space.BottomLayers, space.WidthCandidates, "bottom");
            bottomOut = SeededTorch.Linear(bottom.CarrierWidth, d);
        }

        int maxDim = space.DimCandidates.Max();
        var starts = new long[fields];
        long total = 0;
        for (int f = 0; f < fields; f++)
        {
            starts[f] = total;
            total += shape.Cardinalities[f];
        }
        table = new SparseEmbeddingTable(total, maxDim);
        using (no_grad())
        {
            for (int f = 0; f < fields; f++)
            {
                double bound = Math.Sqrt(1.0 / shape.Cardinalities[f]);
                SeededTorch.Uniform_(table.Weight.narrow(0, starts[f], shape.Cardinalities[f]), bound);
            }
        }
        offsets = tensor(starts);
        var fractions = space.RowFractionCandidates;
        rowCounts = tensor(fractions.SelectMany(fraction => shape.Cardinalities.Select(c => (long)RowHashing.RowCount(c, fraction))).ToArray())
            .view(fractions.Count, 1, fields);
        var dims = space.DimCandidates;
        var masks = new float[dims.Count * maxDim];
        for (int k = 0; k < dims.Count; k++)
            for (int j = 0; j < dims[k]; j++)
                masks[k * maxDim + j] = 1;
        dimMasks = tensor(masks).view(dims.Count, maxDim);
        double projectionBound = 1.0 / Math.Sqrt(maxDim); // nn.Linear's default bound for fan-in maxDim
        projection = new Parameter(SeededTorch.Uniform_(empty(fields, maxDim, d), projectionBound));

        _ops = space.InteractionCandidates.ToArray();
        int topInput = 0;
        foreach (var op in _ops)
        {
            interactions.Add(op switch
            {
                InteractionOp.Dot => new DotInteraction(n),
                InteractionOp.Concat => new ConcatInteraction(),
                InteractionOp.FactorizationMachine => new FmInteraction(),
                _ => new CrossNetwork(n * d, space.Options.CrossLayers),
            });
            topInput += op.OutputWidth(n, d, space.HasBottom);
        }
        top = new ElasticMlp(topInput, space.Options.TopLayers, space.WidthCandidates, "top");
        logit = SeededTorch.Linear(top.CarrierWidth, 1);
        _firstOrderOn = space.FirstOrderCandidates.ToList().IndexOf(true);
        if (_firstOrderOn >= 0)
            firstOrder = new FirstOrderTerm(shape.Cardinalities, shape.DenseWidth);
        RegisterComponents();
    }

    /// <summary>The space this supernet covers.</summary>
    public DlrmSpace Space { get; }

    /// <summary>Sets the gates of the next forward passes: <c>gates[c]</c> [K_c] for every choice c of
    /// <see cref="Space"/>, in choice order. The caller owns the tensors and keeps them alive while they are used.</summary>
    public override void SetGates(IReadOnlyList<Tensor> gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        if (gates.Count != Space.Choices.Count)
            throw new ArgumentException($"{gates.Count} gates for {Space.Choices.Count} choices.", nameof(gates));
        _gates = gates;
    }

    /// <inheritdoc/>
    /// <remarks>One-hot gates: the other candidates are still computed (times zero); the DLRM space is small enough.</remarks>
    public override void SetPath(IReadOnlyList<int> indices)
    {
        var errors = Space.Check(indices);
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors), nameof(indices));
        var old = _pathGates;
        // Owned here and kept across steps, so they must not belong to the caller's dispose scope.
        _pathGates = Space.Choices.Select((c, i) => { var g = zeros(c.Count).DetachFromDisposeScope(); g[indices[i]] = 1f; return g; }).ToArray();
        _gates = _pathGates;
        if (old is not null) foreach (var g in old) g.Dispose();
    }

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> OutputLayerParameters() => logit.parameters().ToArray();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && _pathGates is not null)
            foreach (var g in _pathGates) g.Dispose();
        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    /// <remarks>With a first-order term the input's last column is that term's (gated) output, added to the logit as is:
    /// it does not change while the output layer is fine-tuned.</remarks>
    public override Tensor OutputLayer(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (firstOrder is null)
            return logit.forward(input).squeeze(-1);
        using var scope = NewDisposeScope();
        long width = input.shape[1] - 1;
        return logit.forward(input.narrow(1, 0, width)).squeeze(-1).add(input.select(1, width), One).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Tensor OutputLayerInput(Tensor dense, Tensor ids)
    {
        var gates = _gates ?? throw new InvalidOperationException("Set the gates (SetGates) before running the supernet.");
        var space = Space;
        using var scope = NewDisposeScope();
        int fields = space.Shape.FieldCount;
        Tensor? b = null, transformed = null;
        if (bottom is not null && bottomOut is not null)
        {
            var bottomGates = Enumerable.Range(0, space.BottomLayers).Select(i => gates[space.BottomChoice(i)]).ToArray();
            transformed = denseTransform.forward(dense);
            b = nn.functional.relu(bottomOut.forward(bottom.Forward(transformed, bottomGates)));
        }

        // Every candidate table size looks up its hashed row; one lookup for all of them.
        var hashed = RowHashing.Rows(ids.unsqueeze(0), rowCounts).add(offsets, One);      // [Kr, B, F]
        var looked = table.forward(hashed);                                          // [Kr, B, F, E]
        var rowGates = stack(Enumerable.Range(0, fields).Select(f => gates[space.RowsChoice(f)]), 1); // [Kr, F]
        var embedded = (looked * rowGates.unsqueeze(1).unsqueeze(-1)).sum(dim: 0);  // [B, F, E]
        var dimGates = stack(Enumerable.Range(0, fields).Select(f => gates[space.DimChoice(f)]), 0);  // [F, Kd]
        embedded = embedded * dimGates.mm(dimMasks).unsqueeze(0);
        var projected = einsum("bfe,fed->bfd", embedded, projection);
        var vectors = b is null ? projected : cat(new[] { b.unsqueeze(1), projected }, 1); // [B, n, d]

        var interactionGate = gates[space.InteractionChoice];
        var segments = new Tensor[_ops.Length];
        for (int k = 0; k < _ops.Length; k++)
        {
            var segment = _ops[k] switch
            {
                InteractionOp.Concat => interactions[k].forward(vectors),
                InteractionOp.Cross => interactions[k].forward(vectors.flatten(1)),
                _ when b is not null => cat(new[] { b, interactions[k].forward(vectors) }, 1),
                _ => interactions[k].forward(vectors),
            };
            segments[k] = segment * interactionGate[k];
        }
        var topGates = Enumerable.Range(0, space.Options.TopLayers).Select(i => gates[space.TopChoice(i)]).ToArray();
        var topOut = top.Forward(cat(segments, 1), topGates);
        if (firstOrder is null)
            return topOut.MoveToOuterDisposeScope();
        var gated = firstOrder.forward(ids, transformed).mul(gates[space.FirstOrderChoice][_firstOrderOn]);
        return cat(new[] { topOut, gated.unsqueeze(1) }, 1).MoveToOuterDisposeScope();
    }
}

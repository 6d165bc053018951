using Rankitect.SearchSpaces.Cost;
using Rankitect.SearchSpaces.Modules;

namespace Rankitect.SearchSpaces.Spaces.Dlrm;

/// <summary>
/// The analytic cost model of <see cref="DlrmSpace"/>: FLOPs per example, parameters and embedding size, computed
/// without building or timing a network. The formula is written once (<see cref="Compute{T}"/>) over an
/// <see cref="ICostAlgebra{T}"/>: exact numbers for an architecture, a differentiable expectation for DNAS.
/// Counting rules: a Linear(in, out) layer costs 2·in·out FLOPs and in·out + out parameters (bias); an embedding
/// projection e→d has no bias (2·e·d FLOPs, e·d parameters); a table costs rows·e parameters and 0 FLOPs.
/// Interactions over n vectors of width d: dot n(n-1)·d FLOPs; concat 0; FM 2nd + 2d (sum of squares and square
/// of the sum as multiply-adds); each DCN-v2 cross layer 2(nd)² + 2nd FLOPs and (nd)² + nd parameters.
/// Without dense inputs there is no bottom MLP and n = fields. The first-order term adds one weight per categorical value
/// (a table of 1-dimensional rows, full size) and a linear layer without bias over the dense features: F + 2·D FLOPs
/// (F weights summed into the logit, D multiply-adds), Σ cardinalities + D parameters.
/// </summary>
public sealed class DlrmCostModel
{
    /// <summary>Creates the cost model of <paramref name="space"/>.</summary>
    public DlrmCostModel(DlrmSpace space) => Space = space ?? throw new ArgumentNullException(nameof(space));

    /// <summary>The space whose architectures this model costs.</summary>
    public DlrmSpace Space { get; }

    /// <summary>The exact cost of <paramref name="architecture"/> (which must be in <see cref="Space"/>).</summary>
    public ArchitectureCost Estimate(DlrmArchitecture architecture)
    {
        var terms = Compute(new ArchitectureAlgebra(Space.Encode(architecture)));
        return new ArchitectureCost((long)Math.Round(terms.Flops), (long)Math.Round(terms.Parameters),
            (long)Math.Round(terms.EmbeddingRows), (long)Math.Round(terms.EmbeddingBytes));
    }

    /// <summary>The cost terms in <paramref name="algebra"/>'s arithmetic: exact for <see cref="ArchitectureAlgebra"/>,
    /// the expectation under independent per-choice probabilities for a probabilistic algebra.</summary>
    public CostTerms<T> Compute<T>(ICostAlgebra<T> algebra)
    {
        ArgumentNullException.ThrowIfNull(algebra);
        var a = algebra;
        var space = Space;
        int d = space.Options.InteractionWidth;
        int n = space.InteractionVectors;
        T Const(double v) => a.Constant(v);
        T flops = Const(0), parameters = Const(0), rows = Const(0), bytes = Const(0);

        // Linear layers below follow LinearFlops / LinearParameters, written in the algebra's arithmetic.
        // An MLP whose layers may each be skipped: the input width of layer i is the width of the last layer kept.
        T Layers(T width, Func<int, int> choiceOf, int layers)
        {
            var candidates = space.WidthCandidates;
            for (int i = 0; i < layers; i++)
            {
                int choice = choiceOf(i);
                T kept = a.Expect(choice, k => candidates[k]); // skip contributes width 0
                T skipped = a.Expect(choice, k => candidates[k] == 0 ? 1 : 0);
                T macs = a.Multiply(width, kept);
                flops = a.Add(flops, a.Multiply(Const(2), macs));
                parameters = a.Add(parameters, a.Add(macs, kept));
                width = a.Add(a.Multiply(skipped, width), kept);
            }
            return width;
        }
        void Linear(T input, double output)
        {
            T macs = a.Multiply(input, Const(output));
            flops = a.Add(flops, a.Multiply(Const(2), macs));
            parameters = a.Add(parameters, a.Add(macs, Const(output)));
        }

        // Bottom MLP, then its final layer to d; none without dense inputs.
        if (space.HasBottom)
        {
            T bottom = Layers(Const(space.Shape.DenseWidth), space.BottomChoice, space.BottomLayers);
            Linear(bottom, d);
        }

        // Embeddings and their projections to d.
        var dims = space.DimCandidates;
        var fractions = space.RowFractionCandidates;
        for (int f = 0; f < space.Shape.FieldCount; f++)
        {
            int cardinality = space.Shape.Cardinalities[f];
            T dim = a.Expect(space.DimChoice(f), k => dims[k]);
            T tableRows = a.Expect(space.RowsChoice(f), k => RowHashing.RowCount(cardinality, fractions[k]));
            T table = a.Multiply(tableRows, dim);
            flops = a.Add(flops, a.Multiply(Const(2.0 * d), dim));
            parameters = a.Add(parameters, a.Add(a.Multiply(Const(d), dim), table));
            rows = a.Add(rows, tableRows);
            bytes = a.Add(bytes, a.Multiply(Const(sizeof(float)), table));
        }

        // Interaction.
        var ops = space.InteractionCandidates;
        int cross = space.Options.CrossLayers;
        flops = a.Add(flops, a.Expect(space.InteractionChoice, k => InteractionFlops(ops[k], n, d, cross)));
        parameters = a.Add(parameters, a.Expect(space.InteractionChoice, k => InteractionParameters(ops[k], n, d, cross)));
        T interaction = a.Expect(space.InteractionChoice, k => ops[k].OutputWidth(n, d, space.HasBottom));

        // Top MLP, then the logit layer.
        T top = Layers(interaction, space.TopChoice, space.Options.TopLayers);
        Linear(top, 1);

        // First-order term (no choice, no term).
        if (!space.HasFirstOrderChoice)
            return new CostTerms<T>(flops, parameters, rows, bytes);
        var firstOrder = space.FirstOrderCandidates;
        long values = space.Shape.Cardinalities.Sum(c => (long)c);
        int denseWidth = space.Shape.DenseWidth;
        flops = a.Add(flops, a.Expect(space.FirstOrderChoice, k => firstOrder[k] ? space.Shape.FieldCount + 2.0 * denseWidth : 0));
        parameters = a.Add(parameters, a.Expect(space.FirstOrderChoice, k => firstOrder[k] ? values + denseWidth : 0));
        rows = a.Add(rows, a.Expect(space.FirstOrderChoice, k => firstOrder[k] ? values : 0));
        bytes = a.Add(bytes, a.Expect(space.FirstOrderChoice, k => firstOrder[k] ? sizeof(float) * (double)values : 0));
        return new CostTerms<T>(flops, parameters, rows, bytes);
    }

    /// <summary>
    /// The architecture of <see cref="Space"/> with the fewest FLOPs per example, found exactly: the smallest embedding
    /// dims (and tables, which cost no FLOPs), and for the bottom MLP and for each interaction op with the top MLP after
    /// it, the cheapest chain of layer widths. A narrow layer can cost less than skipping it (it shrinks what the next
    /// layer multiplies), so the chains are found by dynamic programming over the width reached, not by skipping all.
    /// </summary>
    public DlrmArchitecture CheapestArchitecture()
    {
        var space = Space;
        int d = space.Options.InteractionWidth, n = space.InteractionVectors, cross = space.Options.CrossLayers, fields = space.Shape.FieldCount;
        int[] bottom = space.HasBottom ? CheapestChain(space.Shape.DenseWidth, space.BottomLayers, d).Widths : [];
        var (interaction, top) = space.InteractionCandidates
            .Select(op => (Op: op, Chain: CheapestChain(op.OutputWidth(n, d, space.HasBottom), space.Options.TopLayers, 1)))
            .MinBy(c => InteractionFlops(c.Op, n, d, cross) + c.Chain.Flops);
        return new DlrmArchitecture
        {
            BottomWidths = bottom,
            TopWidths = top.Widths,
            EmbeddingDims = Enumerable.Repeat(space.DimCandidates.Min(), fields).ToArray(),
            RowFractions = Enumerable.Repeat(space.RowFractionCandidates.Min(), fields).ToArray(),
            Interaction = interaction,
            InteractionWidth = d,
            CrossLayers = cross,
            FirstOrder = space.FirstOrderCandidates[0], // off when off is a candidate: the term costs FLOPs
        };
    }

    // The cheapest widths for `layers` skippable layers from `input` features to a consumer of `output` features: keeping
    // width w after width v costs 2vw, skipping costs nothing and keeps v; the consumer costs 2·(last width)·output.
    private (double Flops, int[] Widths) CheapestChain(int input, int layers, int output)
    {
        var reached = new Dictionary<int, (double Flops, int[] Widths)> { [input] = (0, []) };
        for (int layer = 0; layer < layers; layer++)
        {
            var next = new Dictionary<int, (double Flops, int[] Widths)>();
            foreach (var (width, (flops, widths)) in reached)
            {
                foreach (int candidate in Space.WidthCandidates)
                {
                    int after = candidate == 0 ? width : candidate;
                    double cost = flops + (candidate == 0 ? 0 : LinearFlops(width, candidate));
                    if (!next.TryGetValue(after, out var known) || cost < known.Flops)
                        next[after] = (cost, [.. widths, candidate]);
                }
            }
            reached = next;
        }
        return reached.Select(r => (Flops: r.Value.Flops + LinearFlops(r.Key, output), r.Value.Widths)).MinBy(r => r.Flops);
    }

    /// <summary>FLOPs of a Linear(<paramref name="input"/>, <paramref name="output"/>) layer: 2 per multiply-add.</summary>
    public static double LinearFlops(double input, double output) => 2 * input * output;

    /// <summary>Parameters of a Linear(<paramref name="input"/>, <paramref name="output"/>) layer with bias.</summary>
    public static double LinearParameters(double input, double output) => input * output + output;

    /// <summary>FLOPs of interaction <paramref name="op"/> over <paramref name="vectors"/> vectors of width
    /// <paramref name="width"/>.</summary>
    public static double InteractionFlops(InteractionOp op, int vectors, int width, int crossLayers)
    {
        double n = vectors, d = width, nd = n * d;
        return op switch
        {
            InteractionOp.Dot => n * (n - 1) * d,
            InteractionOp.Concat => 0,
            InteractionOp.FactorizationMachine => 2 * nd + 2 * d,
            InteractionOp.Cross => crossLayers * (2 * nd * nd + 2 * nd),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
        };
    }

    /// <summary>Parameters of interaction <paramref name="op"/>.</summary>
    public static double InteractionParameters(InteractionOp op, int vectors, int width, int crossLayers)
    {
        double nd = (double)vectors * width;
        return op == InteractionOp.Cross ? crossLayers * (nd * nd + nd) : 0;
    }
}

using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Cost;

namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>
/// The analytic cost model of <see cref="BlockSpace"/>, written once (<see cref="Compute{T}"/>) over an
/// <see cref="ICostAlgebra{T}"/>: exact numbers for an architecture, the differentiable expectation under independent
/// per-choice probabilities for DNAS. Per example; a multiply-add is 2 FLOPs; lookups, biases, activations, norms,
/// softmax and the log transform are 0 FLOPs.
/// <para>Sizes: D = a block's dense input width, T its input tokens, w its width, t its tokens, e the embedding
/// dim, k the dot tokens (P = k(k+1)/2 pairs), H the attention FFN width, n the interaction tokens. FLOPs / parameters:
/// FC 2Dw / Dw + 3w (LayerNorm 2w); dot-product 2De + 2kTe + 2Pe + 2Pw / De + e + kT + k + Pw + w; gating and sum
/// 2(w_l + w_r)w + 2w² / (w_l + w_r)w + w² + 3w; cross 2D² + 2D + 2Dw / D² + D + Dw + w; FM 2Te + 2e + 2ew + 2Dw /
/// ew + Dw + w; EFC 2tTe / tT + t; attention T(8e² + 4eH) + 4eT² + 2etT / 4e² + 2eH + H + 9e + tT + t; zeros 0;
/// dense→sparse 2wne / wne + ne; sparse→dense 2te + 2e + 2ew / ew + w; stem 2·in·S / in·S + S (in = dense features,
/// or F·e without them) plus the tables (rows·e parameters, 0 FLOPs); output 2(w + Te) / w + Te + 1.</para>
/// <para>Every term is a product of quantities that depend on different choices, and squares (D², T², w²) are
/// carried as second moments, so the formula's value under per-choice probabilities is the exact expectation.</para>
/// </summary>
public sealed class BlockCostModel
{
    /// <summary>Creates the cost model of <paramref name="space"/>.</summary>
    public BlockCostModel(BlockSpace space) => Space = space ?? throw new ArgumentNullException(nameof(space));

    /// <summary>The space whose architectures this model costs.</summary>
    public BlockSpace Space { get; }

    /// <summary>The exact cost of <paramref name="indices"/>.</summary>
    public ArchitectureCost Estimate(IReadOnlyList<int> indices) => Space.CostOf(indices);

    /// <summary>
    /// The indices of the architecture of <see cref="Space"/> with the fewest FLOPs per example, found exactly: every
    /// FLOPs term above grows with every width, token count, optional input and interaction module, and a block's ops
    /// change no size. So the smallest widths and tokens, no optional inputs or modules, and the narrowest source as both
    /// operands make every size as small as it can be at once; then each block's dense and sparse op is the cheapest at
    /// those sizes (ops of different blocks add up independently).
    /// </summary>
    public int[] CheapestArchitecture()
    {
        var space = Space;
        var indices = new int[space.Choices.Count]; // index 0: the smallest width and tokens (ascending), inputs and modules off
        for (int i = 0; i < space.BlockCount; i++)
        {
            var c = space.BlockChoices(i);
            if (c.Left < 0)
                continue;
            var sources = space.Sources(i);
            int narrowest = Enumerable.Range(0, sources.Count).MinBy(x => sources[x] == 0 ? space.StemWidth : space.DenseWidths[0]);
            indices[c.Left] = indices[c.Right] = narrowest;
        }
        for (int i = 0; i < space.BlockCount; i++)
        {
            var c = space.BlockChoices(i);
            foreach (int choice in new[] { c.DenseOp, c.SparseOp })
            {
                var flops = Enumerable.Range(0, space.Choices[choice].Count).Select(k =>
                {
                    indices[choice] = k;
                    return space.CostOf(indices).Flops;
                }).ToArray();
                indices[choice] = Array.IndexOf(flops, flops.Min());
            }
        }
        return indices;
    }

    /// <summary>The cost terms in <paramref name="algebra"/>'s arithmetic.</summary>
    public CostTerms<T> Compute<T>(ICostAlgebra<T> algebra)
    {
        ArgumentNullException.ThrowIfNull(algebra);
        var a = algebra;
        var space = Space;
        var o = space.Options;
        T C(double v) => a.Constant(v);
        T Add(params T[] terms) => terms.Skip(1).Aggregate(terms[0], a.Add);
        T Mul(params T[] factors) => factors.Skip(1).Aggregate(factors[0], a.Multiply);
        double e = space.EmbeddingDim, k = o.DotTokens, pairs = k * (k + 1) / 2, h = o.AttentionFfnWidth, n = space.InteractionTokens;
        int stemWidth = space.StemWidth;

        // First and second moments of every source's dense width and token count.
        var widths = new Moment<T>[space.BlockCount + 1];
        var tokens = new Moment<T>[space.BlockCount + 1];
        widths[0] = Moment<T>.Constant(a, stemWidth);
        tokens[0] = Moment<T>.Constant(a, space.Shape.FieldCount);

        // Stem and embedding tables.
        double rows = space.Shape.Cardinalities.Sum(c => (double)c);
        double stemInput = space.Shape.DenseWidth > 0 ? space.Shape.DenseWidth : space.Shape.FieldCount * e;
        T flops = C(2 * stemInput * stemWidth);
        T parameters = C(stemInput * stemWidth + stemWidth + rows * e);

        for (int i = 0; i < space.BlockCount; i++)
        {
            var c = space.BlockChoices(i);
            var sources = space.Sources(i);
            T On(IReadOnlyDictionary<int, int> optional, int s) => s == i ? C(1) : a.Expect(optional[s], x => x);
            var dense = Moment<T>.Constant(a, 0);
            var sparse = Moment<T>.Constant(a, 0);
            foreach (var s in sources)
            {
                dense = dense.PlusIndependent(a, widths[s].TimesIndicator(a, On(c.DenseInputs, s)));
                sparse = sparse.PlusIndependent(a, tokens[s].TimesIndicator(a, On(c.SparseInputs, s)));
            }
            T Operand(int choice)
            {
                if (choice < 0) return widths[i].Mean; // no binary ops: the predecessor (unused)
                T sum = C(0);
                for (int x = 0; x < sources.Count; x++)
                {
                    int index = x;
                    sum = a.Add(sum, a.Multiply(a.Expect(choice, y => y == index ? 1 : 0), widths[sources[x]].Mean));
                }
                return sum;
            }
            T d = dense.Mean, d2 = dense.Square, t = sparse.Mean, t2 = sparse.Square;
            var denseWidths = space.DenseWidths;
            var sparseTokens = space.SparseTokens;
            T w = a.Expect(c.Width, x => denseWidths[x]);
            T w2 = a.Expect(c.Width, x => (double)denseWidths[x] * denseWidths[x]);
            T tok = a.Expect(c.Tokens, x => sparseTokens[x]);
            T tok2 = a.Expect(c.Tokens, x => (double)sparseTokens[x] * sparseTokens[x]);
            T wl = Operand(c.Left), wr = Operand(c.Right);

            var denseOps = space.DenseOps;
            foreach (var op in denseOps.Distinct())
            {
                T p = a.Expect(c.DenseOp, x => denseOps[x] == op ? 1 : 0);
                var (opFlops, opParameters) = op switch
                {
                    DenseOp.Fc => (Mul(C(2), d, w), Add(Mul(d, w), Mul(C(3), w))),
                    DenseOp.DotProduct => (Add(Mul(C(2 * e), d), Mul(C(2 * k * e), t), C(2 * pairs * e), Mul(C(2 * pairs), w)),
                        Add(Mul(C(e), d), C(e), Mul(C(k), t), C(k), Mul(C(pairs + 1), w))),
                    DenseOp.Gating or DenseOp.Sum => (Add(Mul(C(2), a.Add(wl, wr), w), Mul(C(2), w2)),
                        Add(Mul(a.Add(wl, wr), w), w2, Mul(C(3), w))),
                    DenseOp.Cross => (Add(Mul(C(2), d2), Mul(C(2), d), Mul(C(2), d, w)), Add(d2, d, Mul(d, w), w)),
                    DenseOp.Fm => (Add(Mul(C(2 * e), t), C(2 * e), Mul(C(2 * e), w), Mul(C(2), d, w)), Add(Mul(C(e + 1), w), Mul(d, w))),
                    _ => throw new InvalidOperationException($"Unknown dense op {op}."),
                };
                flops = a.Add(flops, a.Multiply(p, opFlops));
                parameters = a.Add(parameters, a.Multiply(p, opParameters));
            }
            var sparseOps = space.SparseOps;
            foreach (var op in sparseOps.Distinct())
            {
                T p = a.Expect(c.SparseOp, x => sparseOps[x] == op ? 1 : 0);
                var (opFlops, opParameters) = op switch
                {
                    SparseOp.Efc => (Mul(C(2 * e), tok, t), Add(Mul(tok, t), tok)),
                    SparseOp.Attention => (Add(Mul(C(8 * e * e + 4 * e * h), t), Mul(C(4 * e), t2), Mul(C(2 * e), tok, t)),
                        Add(C(4 * e * e + 2 * e * h + h + 9 * e), Mul(tok, t), tok)),
                    SparseOp.Zeros => (C(0), C(0)),
                    _ => throw new InvalidOperationException($"Unknown sparse op {op}."),
                };
                flops = a.Add(flops, a.Multiply(p, opFlops));
                parameters = a.Add(parameters, a.Multiply(p, opParameters));
            }

            // Interaction modules, and the block's output sizes.
            T d2s = c.DenseToSparse >= 0 ? a.Expect(c.DenseToSparse, x => x) : C(0);
            T s2d = c.SparseToDense >= 0 ? a.Expect(c.SparseToDense, x => x) : C(0);
            flops = Add(flops, Mul(d2s, C(2 * n * e), w), Mul(s2d, Add(Mul(C(2 * e), tok), C(2 * e), Mul(C(2 * e), w))));
            parameters = Add(parameters, Mul(d2s, Add(Mul(C(n * e), w), C(n * e))), Mul(s2d, Mul(C(e + 1), w)));
            widths[i + 1] = new Moment<T>(w, w2);
            // tokens + n·[d2s]: E[(t + n b)²] = E[t²] + 2n E[t] E[b] + n² E[b] for an indicator b.
            tokens[i + 1] = new Moment<T>(a.Add(tok, Mul(C(n), d2s)), Add(tok2, Mul(C(2 * n), tok, d2s), Mul(C(n * n), d2s)));
        }

        // Output layer over concat(last dense, flatten(last sparse)).
        T outputInput = a.Add(widths[^1].Mean, Mul(C(e), tokens[^1].Mean));
        flops = a.Add(flops, Mul(C(2), outputInput));
        parameters = Add(parameters, outputInput, C(1));
        return new CostTerms<T>(flops, parameters, C(rows), C(rows * e * sizeof(float)));
    }

    /// <summary>E[X] and E[X²] of a quantity, so squares of sums stay exact in expectation.</summary>
    private readonly record struct Moment<T>(T Mean, T Square)
    {
        public static Moment<T> Constant(ICostAlgebra<T> a, double value) => new(a.Constant(value), a.Constant(value * value));

        /// <summary>X + Y for independent X, Y: E[(X+Y)²] = E[X²] + 2E[X]E[Y] + E[Y²].</summary>
        public Moment<T> PlusIndependent(ICostAlgebra<T> a, Moment<T> y)
            => new(a.Add(Mean, y.Mean), a.Add(a.Add(Square, y.Square), a.Multiply(a.Constant(2), a.Multiply(Mean, y.Mean))));

        /// <summary>b X for an indicator b (b² = b) independent of X, with P(b = 1) = <paramref name="probability"/>.</summary>
        public Moment<T> TimesIndicator(ICostAlgebra<T> a, T probability)
            => new(a.Multiply(probability, Mean), a.Multiply(probability, Square));
    }
}

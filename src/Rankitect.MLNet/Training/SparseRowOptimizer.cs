using Rankitect.SearchSpaces.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.Training;

/// <summary>
/// Applies the gradients of <see cref="SparseEmbeddingTable"/> lookups to the looked-up rows only. Adagrad and SGD
/// updates equal their dense counterparts exactly (an absent row has a zero gradient, which changes nothing);
/// Adam is the lazy variant (PyTorch's SparseAdam): a row's moments advance only on steps where it appears.
/// Every scalar passed to a native call is held (a field or a using local), for the reason given on
/// <see cref="DenseParameterOptimizer"/>: an implicit <see cref="Scalar"/> temporary can be freed mid-call.
/// </summary>
internal sealed class SparseRowOptimizer : IDisposable
{
    private const double Beta1 = 0.9, Beta2 = 0.999, AdamEpsilon = 1e-8, AdagradEpsilon = 1e-10;
    private readonly IReadOnlyList<SparseEmbeddingTable> _tables;
    private readonly OptimizerKind _kind;
    private readonly double _learningRate;
    private readonly bool _decay;
    private readonly Scalar _l2, _one, _beta1, _beta2, _oneMinusBeta1, _oneMinusBeta2, _adamEpsilon, _adagradEpsilon, _rate;
    private readonly Dictionary<SparseEmbeddingTable, (Tensor First, Tensor? Second)> _state = new();
    private long _step;

    public SparseRowOptimizer(IEnumerable<SparseEmbeddingTable> tables, OptimizerKind kind, double learningRate, double l2)
    {
        _tables = tables.ToList();
        _kind = kind;
        _learningRate = learningRate;
        _decay = l2 > 0;
        _l2 = l2.ToScalar();
        _one = 1.0.ToScalar();
        _beta1 = Beta1.ToScalar();
        _beta2 = Beta2.ToScalar();
        _oneMinusBeta1 = (1 - Beta1).ToScalar();
        _oneMinusBeta2 = (1 - Beta2).ToScalar();
        _adamEpsilon = AdamEpsilon.ToScalar();
        _adagradEpsilon = AdagradEpsilon.ToScalar();
        _rate = learningRate.ToScalar();
        foreach (var table in _tables)
        {
            var shape = table.Weight.shape;
            _state[table] = kind switch
            {
                OptimizerKind.Adam => (zeros(shape).DetachFromDisposeScope(), zeros(shape).DetachFromDisposeScope()),
                OptimizerKind.Adagrad => (zeros(shape).DetachFromDisposeScope(), null),
                _ => (empty(0).DetachFromDisposeScope(), null),
            };
        }
    }

    /// <summary>Forgets lookups without applying them (call before a forward pass whose gradients are not wanted).</summary>
    public void ZeroGrad()
    {
        foreach (var table in _tables)
            table.ClearPending();
    }

    /// <summary>Updates the rows looked up since the last step; call after <c>backward()</c>.</summary>
    public void Step()
    {
        _step++;
        using var _ = no_grad();
        using var correction2 = (1 - Math.Pow(Beta2, _step)).ToScalar();
        using var adamRate = (_learningRate / (1 - Math.Pow(Beta1, _step))).ToScalar();
        foreach (var table in _tables)
        {
            foreach (var (ids, rows) in table.PendingLookups)
            {
                if (rows.grad is not { } grad)
                    continue;
                using var scope = NewDisposeScope();
                var (unique, inverse, _) = ids.unique(sorted: false, return_inverse: true);
                ArgumentNullException.ThrowIfNull(inverse);
                var gradient = zeros(unique.shape[0], table.Dimension).index_add_(0, inverse, grad, _one);
                var weights = table.Weight.index_select(0, unique);
                if (_decay) // L2 on the looked-up rows, added to their gradient
                    gradient = gradient.add(weights, _l2);
                table.Weight.index_copy_(0, unique, weights.sub_(Update(table, unique, gradient, correction2, adamRate)));
            }
            table.ClearPending();
        }
    }

    private Tensor Update(SparseEmbeddingTable table, Tensor unique, Tensor gradient, Scalar correction2, Scalar adamRate)
    {
        var (first, second) = _state[table];
        switch (_kind)
        {
            case OptimizerKind.Adagrad:
            {
                var sum = first.index_select(0, unique).addcmul_(gradient, gradient, _one);
                first.index_copy_(0, unique, sum);
                return gradient.div(sum.sqrt().add_(_adagradEpsilon, _one)).mul_(_rate);
            }
            case OptimizerKind.Adam:
            {
                var m = first.index_select(0, unique).mul_(_beta1).add_(gradient, _oneMinusBeta1);
                var v = second!.index_select(0, unique).mul_(_beta2).addcmul_(gradient, gradient, _oneMinusBeta2);
                first.index_copy_(0, unique, m);
                second.index_copy_(0, unique, v);
                var denominator = v.div(correction2).sqrt_().add_(_adamEpsilon, _one);
                return m.div(denominator).mul_(adamRate);
            }
            default:
                return gradient.mul(_rate);
        }
    }

    public void Dispose()
    {
        foreach (var (first, second) in _state.Values)
        {
            first.Dispose();
            second?.Dispose();
        }
        _state.Clear();
        foreach (var s in new[] { _l2, _one, _beta1, _beta2, _oneMinusBeta1, _oneMinusBeta2, _adamEpsilon, _adagradEpsilon, _rate })
            s.Dispose();
    }
}

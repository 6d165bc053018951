using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.Training;

/// <summary>
/// Adam, Adagrad and SGD (with L2 weight decay added to the gradient) on dense parameters, with PyTorch's update rules.
/// Written here rather than taken from <c>torch.optim</c> because TorchSharp 0.107's optimizers pass implicitly created
/// <see cref="Scalar"/> temporaries to native calls; a finalizer can free one mid-call and the step fails at random
/// ("Expected false to be true ... toFloat", seen in Adam's addcdiv_). Every scalar here is a field, alive until Dispose.
/// </summary>
internal sealed class DenseParameterOptimizer : IDisposable
{
    private const double Beta1 = 0.9, Beta2 = 0.999, AdamEpsilon = 1e-8, AdagradEpsilon = 1e-10;
    private readonly IReadOnlyList<TorchSharp.Modules.Parameter> _parameters;
    private readonly OptimizerKind _kind;
    private readonly double _learningRate;
    private readonly Scalar _weightDecay, _oneMinusBeta1, _oneMinusBeta2, _beta1, _beta2, _one, _adagradEpsilon;
    private readonly bool _decay;
    private readonly List<(Tensor First, Tensor? Second)> _state = new();
    private long _step;

    public DenseParameterOptimizer(IEnumerable<TorchSharp.Modules.Parameter> parameters, OptimizerKind kind, double learningRate, double weightDecay)
    {
        _parameters = parameters.ToList();
        _kind = kind;
        _learningRate = learningRate;
        _decay = weightDecay > 0;
        _weightDecay = weightDecay.ToScalar();
        _beta1 = Beta1.ToScalar();
        _beta2 = Beta2.ToScalar();
        _oneMinusBeta1 = (1 - Beta1).ToScalar();
        _oneMinusBeta2 = (1 - Beta2).ToScalar();
        _one = 1.0.ToScalar();
        _adagradEpsilon = AdagradEpsilon.ToScalar();
        foreach (var p in _parameters)
            _state.Add(kind switch
            {
                OptimizerKind.Adam => (zeros_like(p).DetachFromDisposeScope(), zeros_like(p).DetachFromDisposeScope()),
                OptimizerKind.Adagrad => (zeros_like(p).DetachFromDisposeScope(), null),
                _ => (empty(0).DetachFromDisposeScope(), null),
            });
    }

    /// <summary>Clears the parameters' gradients.</summary>
    public void ZeroGrad()
    {
        using var scope = NewDisposeScope(); // the grad accessors' wrappers
        foreach (var p in _parameters)
            p.grad?.zero_();
    }

    /// <summary>Applies the gradients (parameters without one are left alone).</summary>
    public void Step()
    {
        _step++;
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        // Per-step scalars are held in locals until the end of the step, then disposed.
        using var negativeStep = (-(_kind == OptimizerKind.Adam ? _learningRate / (1 - Math.Pow(Beta1, _step)) : _learningRate)).ToScalar();
        using var correction2 = Math.Sqrt(1 - Math.Pow(Beta2, _step)).ToScalar();
        using var adamEpsilon = AdamEpsilon.ToScalar();
        for (int i = 0; i < _parameters.Count; i++)
        {
            var p = _parameters[i];
            if (p.grad is not { } grad)
                continue;
            var g = _decay ? grad.add(p, _weightDecay) : grad;
            var (first, second) = _state[i];
            switch (_kind)
            {
                case OptimizerKind.Adam:
                    first.mul_(_beta1).add_(g, _oneMinusBeta1);
                    second!.mul_(_beta2).addcmul_(g, g, _oneMinusBeta2);
                    var denominator = second.sqrt().div_(correction2).add_(adamEpsilon, _one); // alpha held too: add_(Scalar) makes a temporary one
                    p.addcdiv_(first, denominator, negativeStep);
                    break;
                case OptimizerKind.Adagrad:
                    first.addcmul_(g, g, _one);
                    p.addcdiv_(g, first.sqrt().add_(_adagradEpsilon, _one), negativeStep);
                    break;
                default:
                    p.add_(g, negativeStep);
                    break;
            }
        }
    }

    public void Dispose()
    {
        foreach (var (first, second) in _state)
        {
            first.Dispose();
            second?.Dispose();
        }
        _state.Clear();
        foreach (var s in new[] { _weightDecay, _beta1, _beta2, _oneMinusBeta1, _oneMinusBeta2, _one, _adagradEpsilon })
            s.Dispose();
    }
}

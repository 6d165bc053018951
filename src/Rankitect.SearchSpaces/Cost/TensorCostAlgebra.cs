using static TorchSharp.torch;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.SearchSpaces.Cost;

/// <summary>
/// The cost algebra of independent per-choice probabilities held as tensors: values are float64 scalar tensors,
/// differentiable with respect to the probabilities (DNAS's expected-FLOPs term). Tensors it creates belong to the
/// caller's dispose scope.
/// </summary>
public sealed class TensorCostAlgebra : ICostAlgebra<Tensor>
{
    private readonly IReadOnlyList<Tensor> _probabilities;

    /// <summary>Creates the algebra; <c>probabilities[c]</c> is choice c's probability vector [K_c].</summary>
    public TensorCostAlgebra(IReadOnlyList<Tensor> probabilities)
        => _probabilities = probabilities ?? throw new ArgumentNullException(nameof(probabilities));

    /// <inheritdoc/>
    public Tensor Constant(double value) => tensor(value, ScalarType.Float64);

    /// <inheritdoc/>
    public Tensor Add(Tensor a, Tensor b) => a.add(b, One);

    /// <inheritdoc/>
    public Tensor Multiply(Tensor a, Tensor b) => a * b;

    /// <inheritdoc/>
    public Tensor Expect(int choice, Func<int, double> value)
    {
        var p = _probabilities[choice];
        var values = Enumerable.Range(0, (int)p.shape[0]).Select(value).ToArray();
        return p.to_type(ScalarType.Float64).dot(tensor(values, ScalarType.Float64));
    }
}

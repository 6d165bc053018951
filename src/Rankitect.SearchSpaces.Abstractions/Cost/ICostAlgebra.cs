namespace Rankitect.SearchSpaces.Cost;

/// <summary>
/// The arithmetic the cost formula is written in, so that one formula gives both the exact cost of an architecture
/// (<see cref="ArchitectureAlgebra"/>, plain numbers) and the expected cost under per-choice probabilities as a
/// differentiable tensor (DNAS's cost term). The formula only adds and multiplies quantities that depend on
/// different, independent choices, so its expectation is the formula applied to expectations.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
public interface ICostAlgebra<T>
{
    /// <summary>A constant.</summary>
    T Constant(double value);

    /// <summary>a + b.</summary>
    T Add(T a, T b);

    /// <summary>a × b.</summary>
    T Multiply(T a, T b);

    /// <summary>The expectation over choice <paramref name="choice"/>'s candidates of <paramref name="value"/>(candidate
    /// index); for a fixed architecture, the value of its selected candidate.</summary>
    T Expect(int choice, Func<int, double> value);
}

/// <summary>The cost algebra of one fixed architecture given by its candidate indices.</summary>
public sealed class ArchitectureAlgebra : ICostAlgebra<double>
{
    private readonly IReadOnlyList<int> _indices;

    /// <summary>Creates the algebra for candidate <c>indices[c]</c> of each choice c.</summary>
    public ArchitectureAlgebra(IReadOnlyList<int> indices) => _indices = indices ?? throw new ArgumentNullException(nameof(indices));

    /// <inheritdoc/>
    public double Constant(double value) => value;

    /// <inheritdoc/>
    public double Add(double a, double b) => a + b;

    /// <inheritdoc/>
    public double Multiply(double a, double b) => a * b;

    /// <inheritdoc/>
    public double Expect(int choice, Func<int, double> value) => value(_indices[choice]);
}

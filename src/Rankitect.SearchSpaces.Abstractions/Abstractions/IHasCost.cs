using Rankitect.SearchSpaces.Cost;

namespace Rankitect.SearchSpaces.Abstractions;

/// <summary>
/// A search space with an analytic cost formula (FLOPs, parameters, embedding size per example), written once over an
/// <see cref="ICostAlgebra{T}"/>: exact numbers for one architecture with <see cref="ArchitectureAlgebra"/>
/// (<see cref="ArchitectureSpaceExtensions.CostOf"/>), a differentiable expectation under per-choice probabilities
/// with a tensor algebra for DNAS.
/// </summary>
public interface IHasCost : ISearchSpace
{
    /// <summary>The space's analytic cost formula in <paramref name="algebra"/>'s arithmetic: exact numbers for one
    /// architecture (<see cref="ArchitectureAlgebra"/>), the expectation under per-choice probabilities for a
    /// probabilistic algebra.</summary>
    CostTerms<T> Cost<T>(ICostAlgebra<T> algebra);
}

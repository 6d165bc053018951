using Rankitect.SearchSpaces.Abstractions;

using Rankitect.Experiment;

namespace Rankitect.Strategies.Tuning;

/// <summary>
/// Samples and mutates architectures of a space under a <see cref="SearchObjective.FlopsBudget"/>: an architecture
/// over the budget (or one the space rejects) is redrawn before anything is trained, at most
/// <see cref="SearchObjective.MaxSamplingAttempts"/> times; then a clear exception says the budget admits nothing found.
/// </summary>
public sealed class BudgetedArchitectureSampler
{
    private readonly IArchitectureSpace _space;
    private readonly SearchObjective _objective;
    private readonly int[] _mutableChoices;

    /// <summary>Creates a sampler of <paramref name="space"/> under <paramref name="objective"/>'s budget.</summary>
    public BudgetedArchitectureSampler(IArchitectureSpace space, SearchObjective objective)
    {
        _space = space ?? throw new ArgumentNullException(nameof(space));
        _objective = objective ?? throw new ArgumentNullException(nameof(objective));
        _objective.Validate();
        _mutableChoices = Enumerable.Range(0, space.Choices.Count).Where(c => space.Choices[c].Count > 1).ToArray();
    }

    /// <summary>The space sampled.</summary>
    public IArchitectureSpace Space => _space;

    /// <summary>A uniformly random architecture within the budget (rejection sampling).</summary>
    /// <exception cref="InvalidOperationException">No sample within the budget in the allowed attempts.</exception>
    public int[] Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        long cheapest = long.MaxValue;
        for (int attempt = 0; attempt < _objective.MaxSamplingAttempts; attempt++)
        {
            var indices = _space.Sample(random);
            if (Admits(indices, ref cheapest))
                return indices;
        }
        throw Exhausted("random samples", cheapest);
    }

    /// <summary>A copy of <paramref name="parent"/> with exactly one choice (uniform among choices with at least two
    /// candidates) moved to a different candidate (uniform among the others), within the budget; a mutation over the
    /// budget is redrawn from the same parent.</summary>
    /// <exception cref="InvalidOperationException">The space has no choice with two candidates, or no mutation within
    /// the budget was found in the allowed attempts.</exception>
    public int[] Mutate(IReadOnlyList<int> parent, Random random)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(random);
        if (_mutableChoices.Length == 0)
            throw new InvalidOperationException($"The '{_space.Name}' space has a single architecture: there is nothing to mutate.");
        long cheapest = long.MaxValue;
        for (int attempt = 0; attempt < _objective.MaxSamplingAttempts; attempt++)
        {
            var child = parent.ToArray();
            int choice = _mutableChoices[random.Next(_mutableChoices.Length)];
            int candidate = random.Next(_space.Choices[choice].Count - 1);
            child[choice] = candidate >= parent[choice] ? candidate + 1 : candidate; // any candidate but the parent's
            if (Admits(child, ref cheapest))
                return child;
        }
        throw Exhausted("mutations of one parent", cheapest);
    }

    /// <summary>Whether <paramref name="indices"/> is an architecture of the space within the FLOPs budget.</summary>
    public bool Admits(IReadOnlyList<int> indices)
    {
        long cheapest = long.MaxValue;
        return Admits(indices.ToArray(), ref cheapest);
    }

    private bool Admits(int[] indices, ref long cheapest)
    {
        if (_space.Check(indices).Count > 0)
            return false;
        long flops = _space.CostOf(indices).Flops;
        cheapest = Math.Min(cheapest, flops);
        return _objective.Admits(flops);
    }

    private InvalidOperationException Exhausted(string what, long cheapest) => new(
        $"No architecture of the '{_space.Name}' space within FlopsBudget = {_objective.FlopsBudget} FLOPs was found in " +
        $"{_objective.MaxSamplingAttempts} {what} (MaxSamplingAttempts); the cheapest had " +
        (cheapest == long.MaxValue ? "no valid architecture." : $"{cheapest} FLOPs. Raise the budget or the attempts."));
}

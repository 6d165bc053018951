using Rankitect.SearchSpaces.Abstractions;

using Rankitect.Experiment;

namespace Rankitect.Strategies.Tuning;

/// <summary>Random search: every trial is a uniformly random architecture within the FLOPs budget. The baseline every
/// NAS method has to beat; results do not change what it proposes.</summary>
public sealed class RandomSearchTuner : ITuner
{
    private readonly BudgetedArchitectureSampler _sampler;
    private readonly Random _random;

    /// <summary>Creates the tuner.</summary>
    /// <param name="space">The space searched.</param>
    /// <param name="seed">Seed of the proposals: the same seed gives the same sequence of architectures.</param>
    /// <param name="objective">Budget (and sampling attempts); default: no budget.</param>
    public RandomSearchTuner(IArchitectureSpace space, int seed, SearchObjective? objective = null)
    {
        _sampler = new BudgetedArchitectureSampler(space, objective ?? new SearchObjective());
        _random = new Random(seed);
    }

    /// <inheritdoc/>
    public string Name => "random-search";

    /// <inheritdoc/>
    public Trial? Propose(TrialContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Trial(context.TrialId, _sampler.Sample(_random), context.Fidelity);
    }

    /// <inheritdoc/>
    public void Update(TrialResult result) => ArgumentNullException.ThrowIfNull(result);
}

using Rankitect.SearchSpaces.Abstractions;

using Rankitect.Experiment;

namespace Rankitect.Strategies.Tuning;

/// <summary>
/// Regularized (aging) evolution. The first <see cref="RegularizedEvolutionOptions.PopulationSize"/> proposals are
/// random architectures; afterwards each proposal mutates exactly one choice of a tournament winner (the lowest
/// fitness among <see cref="RegularizedEvolutionOptions.TournamentSize"/> members drawn without replacement; ties go
/// to the older member). Completed trials join the population and the oldest member leaves once it exceeds P, so
/// an architecture survives only by having fit descendants. Failed and cancelled trials never join. With parallel
/// trials the population may still be empty when proposals run ahead of results; then the proposal is random.
/// Every proposal is within the objective's FLOPs budget.
/// </summary>
public sealed class RegularizedEvolutionTuner : ITuner
{
    private readonly BudgetedArchitectureSampler _sampler;
    private readonly RegularizedEvolutionOptions _options;
    private readonly Random _random;
    private readonly Queue<TrialResult> _population = new();
    private int _proposed;

    /// <summary>Creates the tuner.</summary>
    /// <param name="space">The space searched.</param>
    /// <param name="seed">Seed of sampling, tournaments and mutations.</param>
    /// <param name="options">Population and tournament sizes; default: <c>new RegularizedEvolutionOptions()</c>.</param>
    /// <param name="objective">Budget (and sampling attempts); default: no budget. Fitness comes from the reported results.</param>
    public RegularizedEvolutionTuner(IArchitectureSpace space, int seed, RegularizedEvolutionOptions? options = null,
        SearchObjective? objective = null)
    {
        _options = options ?? new RegularizedEvolutionOptions();
        _options.Validate();
        _sampler = new BudgetedArchitectureSampler(space, objective ?? new SearchObjective());
        _random = new Random(seed);
    }

    /// <inheritdoc/>
    public string Name => "regularized-evolution";

    /// <summary>The current population, oldest first.</summary>
    public IReadOnlyList<TrialResult> Population => _population.ToArray();

    /// <inheritdoc/>
    public Trial? Propose(TrialContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        bool initial = _proposed < _options.PopulationSize || _population.Count == 0;
        _proposed++;
        if (initial)
            return new Trial(context.TrialId, _sampler.Sample(_random), context.Fidelity);
        var parent = Tournament();
        return new Trial(context.TrialId, _sampler.Mutate(parent.Indices, _random), context.Fidelity, parent.TrialId);
    }

    /// <inheritdoc/>
    public void Update(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!result.IsCompleted || !double.IsFinite(result.Fitness))
            return;
        _population.Enqueue(result);
        while (_population.Count > _options.PopulationSize)
            _population.Dequeue(); // aging: the oldest leaves, however fit
    }

    private TrialResult Tournament()
    {
        var members = _population.ToArray();
        int size = Math.Min(_options.TournamentSize, members.Length);
        // A partial Fisher-Yates shuffle draws `size` distinct members; the winner is the fittest, the older on ties.
        var order = Enumerable.Range(0, members.Length).ToArray();
        for (int i = 0; i < size; i++)
        {
            int j = i + _random.Next(order.Length - i);
            (order[i], order[j]) = (order[j], order[i]);
        }
        int best = -1;
        for (int i = 0; i < size; i++)
        {
            int m = order[i];
            if (best < 0 || members[m].Fitness < members[best].Fitness || (members[m].Fitness == members[best].Fitness && m < best))
                best = m;
        }
        return members[best];
    }
}

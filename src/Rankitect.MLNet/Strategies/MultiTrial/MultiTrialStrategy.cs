using Rankitect.Experiment;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.Strategies.Tuning;

namespace Rankitect.Strategies.MultiTrial;

/// <summary>
/// Sampling-based (multi-trial) NAS: a tuner proposes architectures, each is trained from scratch at low fidelity by the
/// experiment's trial runner (trials run in parallel) and its result updates the tuner; with
/// <see cref="FidelityOptions.Rungs"/> above 1, successive halving trains the best of each rung again with more examples. Until
/// <see cref="MultiTrialOptions.MaxTrials"/> or the experiment's cancellation. The candidates are the distinct
/// completed architectures within the FLOPs budget, by fitness; the experiment retrains the top-k at full fidelity.
/// Cancelled, the search keeps its finished trials (and the experiment their best network).
/// </summary>
public sealed class MultiTrialStrategy : ISearchStrategy
{
    private readonly MultiTrialOptions _options;
    private readonly Func<IArchitectureSpace, int, SearchObjective, ITuner>? _tuner;

    /// <summary>Creates the search with the tuner of <see cref="MultiTrialOptions.Tuner"/>.</summary>
    /// <exception cref="ArgumentException">Invalid options (the message names the option and its value).</exception>
    public MultiTrialStrategy(MultiTrialOptions? options = null)
    {
        _options = options ?? new MultiTrialOptions();
        _options.Validate();
    }

    /// <summary>Creates the search with a tuner of the caller's, built for the space with a seed and the objective.</summary>
    public MultiTrialStrategy(Func<IArchitectureSpace, int, SearchObjective, ITuner> tuner, MultiTrialOptions? options = null) : this(options)
        => _tuner = tuner ?? throw new ArgumentNullException(nameof(tuner));

    /// <summary>The options in use.</summary>
    public MultiTrialOptions Options => _options;

    /// <inheritdoc/>
    public string Name => _tuner is not null ? "multi-trial" : _options.Tuner switch
    {
        TunerKind.RandomSearch => "random-search",
        TunerKind.Tpe => "tpe",
        _ => "regularized-evolution",
    };

    /// <summary>The tuner this search uses on <paramref name="space"/>, seeded from <paramref name="seed"/>.</summary>
    public ITuner CreateTuner(IArchitectureSpace space, int seed, SearchObjective objective)
    {
        if (_tuner is not null)
            return _tuner(space, seed, objective);
        return _options.Tuner switch
        {
            TunerKind.RandomSearch => new RandomSearchTuner(space, seed, objective),
            TunerKind.Tpe => new TpeTuner(space, seed, _options.Tpe, objective),
            _ => new RegularizedEvolutionTuner(space, seed, _options.Evolution, objective),
        };
    }

    /// <inheritdoc/>
    public async Task<SearchOutcome> SearchAsync(SearchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tuner = CreateTuner(context.Space, context.DeriveSeed(DerivedSeed.Tuner), context.Objective);
        var halving = context.LowFidelity.Rungs > 1 ? new SuccessiveHalving(context.LowFidelity.Rungs, context.LowFidelity.HalvingRate) : null;
        if (context.Deterministic || context.Parallelism == 1)
            await TuningLoop.RunAsync(tuner, context, TrialFidelity.Low, _options.MaxTrials, context.Parallelism,
                trials => context.RunTrialsAsync(trials), halving).ConfigureAwait(false);
        else
        {
            int threads = context.ThreadsPerTrial(context.Parallelism);
            await TuningLoop.RunAsynchronousAsync(tuner, context, TrialFidelity.Low, _options.MaxTrials, context.Parallelism,
                async trial => (await context.RunTrialsAsync([trial], threads, default).ConfigureAwait(false))[0], halving).ConfigureAwait(false);
        }
        return new SearchOutcome(Ranked(context.Trials, TrialFidelity.Low, context.Objective));
    }

    /// <summary>The distinct completed architectures of <paramref name="fidelity"/> within the FLOPs budget: those that
    /// reached the highest successive-halving rung first, then lowest fitness first (the earlier trial on ties).</summary>
    public static IReadOnlyList<SearchCandidate> Ranked(IEnumerable<TrialResult> results, TrialFidelity fidelity, SearchObjective objective)
    {
        var seen = new HashSet<string>();
        return results
            .Where(r => r.IsCompleted && double.IsFinite(r.Fitness) && r.Fidelity == fidelity && objective.Admits(r.Flops))
            .OrderByDescending(r => r.Rung).ThenBy(r => r.Fitness).ThenBy(r => r.TrialId)
            .Where(r => seen.Add(string.Join(",", r.Indices)))
            .Select(r => new SearchCandidate(r.Indices, r.TrialId))
            .ToList();
    }
}

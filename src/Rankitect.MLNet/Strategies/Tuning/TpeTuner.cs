using Rankitect.Experiment;
using Rankitect.SearchSpaces.Abstractions;

namespace Rankitect.Strategies.Tuning;

/// <summary>
/// Tree-structured Parzen Estimator (Bergstra et al., "Algorithms for Hyper-Parameter Optimization", NeurIPS 2011), as
/// Optuna's TPE sampler does it for categorical parameters, here over the choices of an architecture space (and, joined,
/// of a training space): after <see cref="TpeOptions.StartupTrials"/> random proposals, the completed trials are split
/// into the γ best by fitness (good) and the rest (bad); each choice gets two categorical densities, l over the good
/// trials and g over the bad, both smoothed by a uniform prior; <see cref="TpeOptions.Candidates"/> architectures are
/// drawn from l, choice by choice, and the one maximising Σ log l − log g (the expected-improvement criterion) is
/// proposed. Choices are modelled independently (univariate TPE). Candidates over the FLOPs budget, or already
/// proposed, are skipped; when every candidate is, a random architecture within the budget is proposed. Failed and
/// cancelled trials are not modelled. Deterministic for a seed and the same results in the same order.
/// </summary>
public sealed class TpeTuner : ITuner
{
    private readonly IArchitectureSpace _space;
    private readonly TpeOptions _options;
    private readonly BudgetedArchitectureSampler _sampler;
    private readonly Random _random;
    private readonly List<TrialResult> _completed = new();
    private readonly HashSet<string> _proposed = new();

    /// <summary>Creates the tuner.</summary>
    /// <param name="space">The space searched.</param>
    /// <param name="seed">Seed of every random draw: the same seed and results give the same proposals.</param>
    /// <param name="options">Start-up trials, candidates, γ, prior; default: <c>new TpeOptions()</c>.</param>
    /// <param name="objective">Budget (and sampling attempts); default: no budget. Fitness comes from the reported results.</param>
    public TpeTuner(IArchitectureSpace space, int seed, TpeOptions? options = null, SearchObjective? objective = null)
    {
        _space = space ?? throw new ArgumentNullException(nameof(space));
        _options = options ?? new TpeOptions();
        _options.Validate();
        _sampler = new BudgetedArchitectureSampler(space, objective ?? new SearchObjective());
        _random = new Random(seed);
    }

    /// <inheritdoc/>
    public string Name => "tpe";

    /// <inheritdoc/>
    public Trial? Propose(TrialContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var indices = _completed.Count < _options.StartupTrials ? _sampler.Sample(_random) : FromModel() ?? _sampler.Sample(_random);
        _proposed.Add(Key(indices));
        return new Trial(context.TrialId, indices, context.Fidelity);
    }

    /// <inheritdoc/>
    public void Update(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.IsCompleted && double.IsFinite(result.Fitness))
            _completed.Add(result);
    }

    // The candidate from l(x) with the highest log l(x) - log g(x), or null when none is new and within the budget.
    private int[]? FromModel()
    {
        int good = Math.Min(_options.MaxGoodTrials, Math.Max(1, (int)Math.Ceiling(_options.GoodFraction * _completed.Count)));
        var ranked = _completed.OrderBy(r => r.Fitness).ThenBy(r => r.TrialId).ToList();
        var below = Densities(ranked.Take(good));
        var above = Densities(ranked.Skip(good));
        int[]? best = null;
        double bestScore = double.NegativeInfinity;
        for (int n = 0; n < _options.Candidates; n++)
        {
            var candidate = new int[_space.Choices.Count];
            double score = 0;
            for (int c = 0; c < candidate.Length; c++)
            {
                candidate[c] = Draw(below[c]);
                score += Math.Log(below[c][candidate[c]]) - Math.Log(above[c][candidate[c]]);
            }
            if (score > bestScore && !_proposed.Contains(Key(candidate)) && _sampler.Admits(candidate))
                (best, bestScore) = (candidate, score);
        }
        return best;
    }

    // Per choice, the categorical density of the trials' candidates mixed with a uniform prior of weight PriorWeight.
    private double[][] Densities(IEnumerable<TrialResult> trials)
    {
        var list = trials.ToList();
        var densities = new double[_space.Choices.Count][];
        for (int c = 0; c < densities.Length; c++)
        {
            int k = _space.Choices[c].Count;
            var weights = Enumerable.Repeat(_options.PriorWeight / k, k).ToArray();
            foreach (var trial in list)
                weights[trial.Indices[c]] += 1;
            double total = weights.Sum();
            densities[c] = weights.Select(w => w / total).ToArray();
        }
        return densities;
    }

    private int Draw(double[] density)
    {
        double u = _random.NextDouble(), sum = 0;
        for (int i = 0; i < density.Length; i++)
        {
            sum += density[i];
            if (u < sum)
                return i;
        }
        return density.Length - 1;
    }

    private static string Key(IReadOnlyList<int> indices) => string.Join(",", indices);
}

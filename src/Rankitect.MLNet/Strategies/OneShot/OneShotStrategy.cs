using Rankitect.Data;
using Rankitect.Evaluation;
using Rankitect.Experiment;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Strategies.MultiTrial;
using Rankitect.Strategies.Tuning;
using Rankitect.Training;

namespace Rankitect.Strategies.OneShot;

/// <summary>
/// One-shot NAS as in NASRec, on any <see cref="IArchitectureSpace"/>:
/// <list type="number">
/// <item>Train the weight-sharing supernet once with <see cref="CtrTrainer"/>: every step trains one sampled path,
/// or during the warm-up, with a chance decaying linearly from 1 to 0, the full supernet (see
/// <see cref="OneShotOptions.WarmupFraction"/>; "full" = uniform gates over every candidate). With a time budget it
/// trains for at most half of the search time left (the weights reached then are used).</item>
/// <item>Regularized evolution over sub-networks that inherit the supernet's weights: each is scored by validation NE
/// after fine-tuning only its output layer (restored afterwards); fitness adds the optional cost term, and the FLOPs
/// budget is enforced before scoring.</item>
/// <item>Measure how well these scores rank architectures: Kendall tau against stand-alone low-fidelity training on a
/// random sample (<see cref="OneShotOptions.RankingSampleSize"/>).</item>
/// </list>
/// The candidates are the scored sub-networks by inherited fitness; the experiment retrains the top-k from scratch.
/// </summary>
public sealed class OneShotStrategy : ISearchStrategy
{
    private readonly OneShotOptions _options;

    /// <summary>Creates the search.</summary>
    /// <exception cref="ArgumentException">Invalid options (the message names the option and its value).</exception>
    public OneShotStrategy(OneShotOptions? options = null)
    {
        _options = options ?? new OneShotOptions();
        _options.Validate();
    }

    /// <summary>The options in use.</summary>
    public OneShotOptions Options => _options;

    /// <inheritdoc/>
    public string Name => "one-shot";

    /// <inheritdoc/>
    public async Task<SearchOutcome> SearchAsync(SearchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var o = _options;
        var space = context.Space;
        var token = context.CancellationToken;
        int supernetSeed = context.DeriveSeed(DerivedSeed.Supernet);
        using var supernet = SeededTorch.Create(supernetSeed, space.CreateSupernet);

        var (fullSteps, pathSteps) = TrainSupernet(context, supernet, supernetSeed);
        context.Report($"supernet trained: {fullSteps} full and {pathSteps} single-path steps", 0.5);
        if (token.IsCancellationRequested)
            return new SearchOutcome([]); // nothing scored yet

        var scoringRows = context.Validation.Subsample(o.ScoringRowFraction, supernetSeed);
        var scorer = new SupernetScorer(space, supernet, context.Train, scoringRows, o, context.Objective, context.Seed, context.Threads, Name);
        var tuner = new RegularizedEvolutionTuner(space, context.DeriveSeed(DerivedSeed.Tuner), o.Evolution, context.Objective);
        await TuningLoop.RunAsync(tuner, context, TrialFidelity.Inherited, o.Candidates, batchSize: 1,
            trials => Task.FromResult(Score(context, scorer, trials))).ConfigureAwait(false);

        double? tau = null;
        if (o.RankingSampleSize > 0 && !token.IsCancellationRequested)
        {
            tau = await MeasureRankingAsync(context, scorer).ConfigureAwait(false);
            context.Report($"supernet ranking: Kendall tau {tau:F3} over {o.RankingSampleSize} architectures");
        }
        // Every inherited-weight score ranks the candidates (the ranking sample's too); its low-fidelity trainings do not.
        return new SearchOutcome(MultiTrialStrategy.Ranked(context.Trials, TrialFidelity.Inherited, context.Objective)) { SupernetKendallTau = tau };
    }

    private static IReadOnlyList<TrialResult> Score(SearchContext context, SupernetScorer scorer, IReadOnlyList<Trial> trials)
    {
        var results = new List<TrialResult>();
        foreach (var trial in trials)
        {
            context.ReportRunning(trial);
            var outcome = scorer.Score(trial, context.CancellationToken);
            context.Record(outcome);
            results.Add(outcome.Result);
        }
        return results;
    }

    // With a time budget the supernet trains for at most half of the search time left; cut short, it keeps its weights.
    private (long FullSteps, long PathSteps) TrainSupernet(SearchContext context, CtrSupernet supernet, int seed)
    {
        var options = _options.SupernetTraining.With(seed, context.Threads);
        long stepsPerEpoch = (context.Train.Count + options.BatchSize - 1) / options.BatchSize;
        long warmupSteps = (long)Math.Round(_options.WarmupFraction * stepsPerEpoch * options.MaxEpochs);
        using var paths = new SupernetPathSampler(context.Space, supernet, warmupSteps, seed);
        using var half = context.ShareOfRemainingTime(0.5);
        try
        {
            new CtrTrainer(options).Train(supernet, context.Train, context.Validation, cancellationToken: half.Token, hooks: paths.Hooks);
        }
        catch (OperationCanceledException) when (half.IsCancellationRequested && paths.FullSteps + paths.PathSteps > 0)
        {
            // stopped before its first validation checkpoint: the weights reached are still a trained supernet
        }
        return (paths.FullSteps, paths.PathSteps);
    }

    // Scores a random sample both ways and correlates the NEs.
    private async Task<double> MeasureRankingAsync(SearchContext context, SupernetScorer scorer)
    {
        var random = new Random(context.DeriveSeed(DerivedSeed.RankingSample));
        var sampler = new BudgetedArchitectureSampler(context.Space, context.Objective);
        var architectures = new List<int[]>();
        var seen = new HashSet<string>();
        // Distinct architectures when the space has enough; a tiny space may repeat one after many tries.
        for (int tries = 0; architectures.Count < _options.RankingSampleSize; tries++)
        {
            var indices = sampler.Sample(random);
            if (seen.Add(string.Join(",", indices)) || tries > 100 * _options.RankingSampleSize)
                architectures.Add(indices);
        }
        var inheritedTrials = architectures.Select(a => new Trial(context.NewTrialId(), a, TrialFidelity.Inherited)).ToList();
        var inherited = Score(context, scorer, inheritedTrials);
        var standAloneTrials = inheritedTrials.Select(t => new Trial(context.NewTrialId(), t.Indices, TrialFidelity.Low, t.Id)).ToList();
        var standAlone = await context.RunTrialsAsync(standAloneTrials).ConfigureAwait(false);

        var pairs = inherited.Zip(standAlone).Where(p => p.First.IsCompleted && p.Second.IsCompleted
            && double.IsFinite(p.First.NormalizedEntropy) && double.IsFinite(p.Second.NormalizedEntropy)).ToList();
        return KendallTau.TauB(pairs.Select(p => p.First.NormalizedEntropy).ToList(), pairs.Select(p => p.Second.NormalizedEntropy).ToList());
    }
}

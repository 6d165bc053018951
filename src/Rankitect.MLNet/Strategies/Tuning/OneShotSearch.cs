using System.Diagnostics;
using Rankitect.Data;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Training;

namespace Rankitect.Strategies.Tuning;

/// <summary>
/// One-shot NAS as in NASRec, on any <see cref="IArchitectureSpace"/>:
/// <list type="number">
/// <item>Train the weight-sharing supernet once with <see cref="CtrTrainer"/>: every step trains one sampled path,
/// or during the warm-up, with a chance decaying linearly from 1 to 0, the full supernet (see
/// <see cref="OneShotSearchOptions.WarmupFraction"/>; "full" = uniform gates over every candidate).</item>
/// <item>Regularized evolution over sub-networks that inherit the supernet's weights: each is scored by validation NE
/// after fine-tuning only its output layer (restored afterwards); fitness adds the optional cost term, and the FLOPs
/// budget is enforced before scoring.</item>
/// <item>Measure how well these scores rank architectures: Kendall tau against stand-alone low-fidelity training on a
/// random sample (<see cref="OneShotSearchOptions.RankingSampleSize"/>).</item>
/// <item>Retrain the top-k sub-networks from scratch at full fidelity and return the best on validation.</item>
/// </list>
/// Cancellation stops within a step. Inherited-weight scores yield no stand-alone network, so when cancelled before
/// any retraining finished the search throws <see cref="OperationCanceledException"/>; cancelled during the
/// retraining, it returns the best finished retraining with <see cref="ArchitectureSearchResult.Cancelled"/> set.
/// </summary>
public sealed class OneShotSearch : IArchitectureSearchStrategy
{
    private readonly OneShotSearchOptions _options;

    /// <summary>Creates the search.</summary>
    /// <exception cref="ArgumentException">Invalid options (the message names the option and its value).</exception>
    public OneShotSearch(OneShotSearchOptions? options = null)
    {
        _options = options ?? new OneShotSearchOptions();
        _options.Validate();
    }

    /// <summary>The options in use.</summary>
    public OneShotSearchOptions Options => _options;

    /// <inheritdoc/>
    public string Name => "one-shot";

    /// <inheritdoc/>
    ArchitectureSearchResult IArchitectureSearchStrategy.Search(IArchitectureSpace space, CtrDataset train, CtrDataset validation,
        IProgress<TrialResult>? progress, CancellationToken cancellationToken)
        => Search(space, train, validation, progress, cancellationToken);

    /// <summary>Runs the search (see the class remarks).</summary>
    /// <exception cref="OperationCanceledException">Cancelled before any retraining finished.</exception>
    public OneShotSearchResult Search(IArchitectureSpace space, CtrDataset train, CtrDataset validation,
        IProgress<TrialResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(space);
        var o = _options;
        var clock = Stopwatch.StartNew();
        // Validates the data against the space; also the trainer of the ranking sample and the retraining.
        var runner = new TrialRunner(space, train, validation, o.Runner, o.Objective, o.Seed, Name);
        int supernetSeed = DerivedSeed.Of(o.Seed, DerivedSeed.Supernet);
        using var recorder = new SearchRecorder(o.Objective, progress);
        using var supernet = SeededTorch.Create(supernetSeed, space.CreateSupernet);

        var (supernetTraining, fullSteps, pathSteps) = TrainSupernet(space, supernet, train, validation, supernetSeed, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested(); // nothing stand-alone exists yet
        TimeSpan? evolutionBudget = o.TimeBudget is { } budget ? Max(budget - clock.Elapsed, TimeSpan.FromMilliseconds(1)) : null;

        var scoringRows = validation.Subsample(o.ScoringRowFraction, supernetSeed);
        var scorer = new SupernetScorer(space, supernet, train, scoringRows, o, o.Seed, Name);
        var tuner = new RegularizedEvolutionTuner(space, DerivedSeed.Of(o.Seed, DerivedSeed.Tuner), o.Evolution, o.Objective);
        int nextId = TuningLoop.Run(tuner, scorer, space, TrialFidelity.Inherited, o.Candidates, evolutionBudget, 0,
            recorder.Record, cancellationToken);

        SupernetRanking? ranking = null;
        if (o.RankingSampleSize > 0 && !cancellationToken.IsCancellationRequested)
            (ranking, nextId) = MeasureRanking(space, scorer, runner, nextId, recorder.Record, cancellationToken);
        double searchSeconds = clock.Elapsed.TotalSeconds;

        if (!cancellationToken.IsCancellationRequested)
        {
            var candidates = TopKRetraining.Candidates(recorder.Trials, TrialFidelity.Inherited, o.TopK, o.Objective);
            TopKRetraining.Run(runner, candidates, nextId, recorder.Record, cancellationToken);
        }
        double retrainingSeconds = clock.Elapsed.TotalSeconds - searchSeconds;
        bool cancelled = cancellationToken.IsCancellationRequested;
        if (cancelled && recorder.Trials.All(t => !(t.IsCompleted && t.Fidelity == TrialFidelity.Full)))
        {
            // Cancelled before a retraining finished: like DNAS, one quick low-fidelity training (not cancellable, bounded
            // by the low-fidelity rows and epochs) of the best candidate scored so far, so the search's work is not lost.
            var scored = recorder.Trials.Where(t => t.IsCompleted && t.Fidelity == TrialFidelity.Inherited && double.IsFinite(t.Fitness))
                .OrderBy(t => t.Fitness).ThenBy(t => t.TrialId).FirstOrDefault();
            if (scored is not null)
            {
                var brief = runner.Run(new Trial(nextId, scored.Indices, TrialFidelity.Low, scored.TrialId), o.Runner.EffectiveThreads);
                recorder.Record(brief with { Model = null }); // the result is recorded; the network is returned, not kept
                if (!(brief.Result.IsCompleted && brief.Model is not null))
                    brief.Dispose();
                else
                    return new OneShotSearchResult(Name, brief.Result, brief.Model, space.Describe(brief.Result.Indices),
                        space.ToJson(brief.Result.Indices), recorder.Trials.ToList(), true, searchSeconds, clock.Elapsed.TotalSeconds - searchSeconds,
                        supernetTraining, fullSteps, pathSteps, ranking);
            }
        }
        // Only a retrained network is a one-shot result: the ranking sample's networks were not chosen by the search.
        return recorder.Finish(space, cancelled, cancellationToken,
            best => new OneShotSearchResult(Name, best.Result, best.Model!, space.Describe(best.Result.Indices),
                space.ToJson(best.Result.Indices), recorder.Trials.ToList(), cancelled, searchSeconds, retrainingSeconds,
                supernetTraining, fullSteps, pathSteps, ranking),
            TrialFidelity.Full);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    // With a time budget the supernet trains for at most half of it; cut short, it keeps the weights it reached.
    private (TrainingResult?, long FullSteps, long PathSteps) TrainSupernet(IArchitectureSpace space, CtrSupernet supernet,
        CtrDataset train, CtrDataset validation, int seed, CancellationToken cancellationToken)
    {
        var options = _options.SupernetTraining.With(seed, _options.Runner.EffectiveThreads);
        long stepsPerEpoch = (train.Count + options.BatchSize - 1) / options.BatchSize;
        long warmupSteps = (long)Math.Round(_options.WarmupFraction * stepsPerEpoch * options.MaxEpochs);
        using var paths = new SupernetPathSampler(space, supernet, warmupSteps, seed);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_options.TimeBudget is { } limit)
            budget.CancelAfter(limit / 2);
        try
        {
            var result = new CtrTrainer(options).Train(supernet, train, validation, cancellationToken: budget.Token, hooks: paths.Hooks);
            return (result, paths.FullSteps, paths.PathSteps);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && paths.FullSteps + paths.PathSteps > 0)
        {
            return (null, paths.FullSteps, paths.PathSteps);
        }
    }

    // Scores a random sample both ways and correlates the NEs.
    private (SupernetRanking, int NextId) MeasureRanking(IArchitectureSpace space, SupernetScorer scorer, TrialRunner runner,
        int firstId, Action<TrialOutcome> record, CancellationToken cancellationToken)
    {
        var random = new Random(DerivedSeed.Of(_options.Seed, DerivedSeed.RankingSample));
        var sampler = new BudgetedArchitectureSampler(space, _options.Objective);
        var architectures = new List<int[]>();
        var seen = new HashSet<string>();
        // Distinct architectures when the space has enough; a tiny space may repeat one after many tries.
        for (int tries = 0; architectures.Count < _options.RankingSampleSize; tries++)
        {
            var indices = sampler.Sample(random);
            if (seen.Add(string.Join(",", indices)) || tries > 100 * _options.RankingSampleSize)
                architectures.Add(indices);
        }
        int id = firstId;
        var inheritedTrials = architectures.Select(a => new Trial(id++, a, TrialFidelity.Inherited)).ToList();
        var inherited = scorer.Evaluate(inheritedTrials, cancellationToken);
        foreach (var outcome in inherited) record(outcome);
        var standAloneTrials = inheritedTrials.Select(t => new Trial(id++, t.Indices, TrialFidelity.Low, t.Id)).ToList();
        var standAlone = runner.Evaluate(standAloneTrials, cancellationToken);
        var results = standAlone.Select(s => s.Result).ToList();
        foreach (var outcome in standAlone) record(outcome);

        var pairs = inherited.Select(i => i.Result).Zip(results).Where(p => p.First.IsCompleted && p.Second.IsCompleted
            && double.IsFinite(p.First.NormalizedEntropy) && double.IsFinite(p.Second.NormalizedEntropy)).ToList();
        double tau = KendallTau.TauB(pairs.Select(p => p.First.NormalizedEntropy).ToList(), pairs.Select(p => p.Second.NormalizedEntropy).ToList());
        return (new SupernetRanking(tau, pairs.Select(p => p.First).ToList(), pairs.Select(p => p.Second).ToList()), id);
    }
}

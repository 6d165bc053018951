using System.Diagnostics;
using Rankitect.Data;
using Rankitect.SearchSpaces.Abstractions;

namespace Rankitect.Strategies.Tuning;

/// <summary>
/// Sampling-based (multi-trial) NAS: a tuner proposes architectures, each is trained from scratch at low fidelity
/// (a row subsample, a few epochs; trials run in parallel, see <see cref="TrialRunnerOptions"/>) and reported back,
/// until <see cref="MultiTrialSearchOptions.MaxTrials"/>, the <see cref="MultiTrialSearchOptions.TimeBudget"/> or
/// cancellation; then the top-k (by low-fidelity fitness, within the FLOPs budget) are retrained from scratch at full
/// fidelity and the best on validation (lowest fitness) is returned.
/// </summary>
/// <remarks>
/// Cancellation is prompt (the running trainings stop within a step) and keeps finished trials: the result holds the
/// best finished retraining, or else the best finished low-fidelity network, with
/// <see cref="ArchitectureSearchResult.Cancelled"/> set. With no finished trial it throws
/// <see cref="OperationCanceledException"/>.
/// </remarks>
public sealed class MultiTrialSearch : IArchitectureSearchStrategy
{
    private readonly MultiTrialSearchOptions _options;

    /// <summary>Creates the search.</summary>
    /// <exception cref="ArgumentException">Invalid options (the message names the option and its value).</exception>
    public MultiTrialSearch(MultiTrialSearchOptions? options = null)
    {
        _options = options ?? new MultiTrialSearchOptions();
        _options.Validate();
    }

    /// <summary>The options in use.</summary>
    public MultiTrialSearchOptions Options => _options;

    /// <inheritdoc/>
    public string Name => _options.Tuner == TunerKind.RandomSearch ? "random-search" : "regularized-evolution";

    /// <summary>The tuner <see cref="MultiTrialSearchOptions.Tuner"/> names, seeded from the search seed.</summary>
    public ITuner CreateTuner(IArchitectureSpace space)
    {
        int seed = DerivedSeed.Of(_options.Seed, DerivedSeed.Tuner);
        return _options.Tuner == TunerKind.RandomSearch
            ? new RandomSearchTuner(space, seed, _options.Objective)
            : new RegularizedEvolutionTuner(space, seed, _options.Evolution, _options.Objective);
    }

    /// <inheritdoc/>
    public ArchitectureSearchResult Search(IArchitectureSpace space, CtrDataset train, CtrDataset validation,
        IProgress<TrialResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(space);
        return Search(space, CreateTuner(space), train, validation, progress, cancellationToken);
    }

    /// <summary>Searches with a tuner of the caller's (which must propose architectures of <paramref name="space"/>).</summary>
    public ArchitectureSearchResult Search(IArchitectureSpace space, ITuner tuner, CtrDataset train, CtrDataset validation,
        IProgress<TrialResult>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(tuner);
        var clock = Stopwatch.StartNew();
        var runner = new TrialRunner(space, train, validation, _options.Runner, _options.Objective, _options.Seed, tuner.Name);
        using var recorder = new SearchRecorder(_options.Objective, progress);

        int nextId = TuningLoop.Run(tuner, runner, space, TrialFidelity.Low, _options.MaxTrials, _options.TimeBudget, 0,
            recorder.Record, cancellationToken);
        double searchSeconds = clock.Elapsed.TotalSeconds;
        if (!cancellationToken.IsCancellationRequested && _options.TopK > 0)
        {
            var candidates = TopKRetraining.Candidates(recorder.Trials, TrialFidelity.Low, _options.TopK, _options.Objective);
            TopKRetraining.Run(runner, candidates, nextId, recorder.Record, cancellationToken);
        }
        double retrainingSeconds = clock.Elapsed.TotalSeconds - searchSeconds;
        bool cancelled = cancellationToken.IsCancellationRequested;
        return recorder.Finish(space, cancelled, cancellationToken,
            best => new ArchitectureSearchResult(tuner.Name, best.Result, best.Model!, space.Describe(best.Result.Indices),
                space.ToJson(best.Result.Indices), recorder.Trials.ToList(), cancelled, searchSeconds, retrainingSeconds),
            TrialFidelity.Full, TrialFidelity.Low);
    }
}

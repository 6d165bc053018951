using System.Diagnostics;
using Rankitect.Data;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.Strategies.Tuning;

namespace Rankitect.Strategies.Dnas;

/// <summary>
/// DNAS behind the strategy interface every search shares: runs <see cref="DnasSearch"/> on the space and reports the
/// one architecture it evaluates on its own (the derived argmax, retrained from scratch) as a full-fidelity
/// <see cref="TrialResult"/>, with the fitness NE + c·ln(FLOPs) of the other strategies.
/// </summary>
public sealed class DnasArchitectureSearch : IArchitectureSearchStrategy
{
    private readonly DnasOptions _options;

    /// <summary>Creates the strategy.</summary>
    public DnasArchitectureSearch(DnasOptions? options = null) => _options = options ?? new DnasOptions();

    /// <inheritdoc/>
    public string Name => "dnas";

    /// <summary>The last search's per-step history (theta steps and epoch ends).</summary>
    public IReadOnlyList<DnasProgress> History { get; private set; } = [];

    /// <inheritdoc/>
    public ArchitectureSearchResult Search(IArchitectureSpace space, CtrDataset train, CtrDataset validation,
        IProgress<TrialResult>? progress = null, CancellationToken cancellationToken = default)
        => Search(space, train, validation, progress, dnasProgress: null, cancellationToken);

    /// <summary>As <see cref="Search(IArchitectureSpace, CtrDataset, CtrDataset, IProgress{TrialResult}?, CancellationToken)"/>,
    /// also reporting every DNAS step to <paramref name="dnasProgress"/>.</summary>
    public ArchitectureSearchResult Search(IArchitectureSpace space, CtrDataset train, CtrDataset validation,
        IProgress<TrialResult>? progress, IProgress<DnasProgress>? dnasProgress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var result = new DnasSearch(_options).Search(space, train, validation, dnasProgress, cancellationToken);
        History = result.History;
        var objective = new SearchObjective { CostWeight = _options.CostWeight, FlopsBudget = (long?)_options.FlopsBudget };
        var trial = new Trial(0, result.Indices, TrialFidelity.Full);
        var evaluated = TrialResult.Create(trial, Name, TrialStatus.Completed, result.Validation, result.Cost, objective,
            result.Retraining.TotalSeconds);
        progress?.Report(evaluated);
        double retraining = result.Retraining.TotalSeconds;
        return new ArchitectureSearchResult(Name, evaluated, result.Model, result.Architecture, result.ArchitectureJson,
            [evaluated], result.Cancelled, clock.Elapsed.TotalSeconds - retraining, retraining);
    }
}

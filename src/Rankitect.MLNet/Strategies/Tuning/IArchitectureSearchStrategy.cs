using Rankitect.Data;
using Rankitect.SearchSpaces.Abstractions;

namespace Rankitect.Strategies.Tuning;

/// <summary>
/// A NAS strategy that runs on any <see cref="IArchitectureSpace"/>: multi-trial (<see cref="MultiTrialSearch"/>),
/// one-shot (<see cref="OneShotSearch"/>), and DNAS once it is put behind this interface. Every strategy reports each
/// architecture it evaluates as a <see cref="TrialResult"/>, so their NE-against-FLOPs trade-offs compare directly.
/// </summary>
public interface IArchitectureSearchStrategy
{
    /// <summary>Short name of the strategy.</summary>
    string Name { get; }

    /// <summary>Searches <paramref name="space"/> and returns the best architecture retrained from scratch.</summary>
    /// <param name="space">The space (built for the data's input shape).</param>
    /// <param name="train">Featurized training rows.</param>
    /// <param name="validation">Featurized validation rows (model selection and early stopping).</param>
    /// <param name="progress">Receives every evaluated architecture as it is recorded.</param>
    /// <param name="cancellationToken">Stops the search within a training step; finished work is kept.</param>
    /// <exception cref="OperationCanceledException">Cancelled before any network finished training.</exception>
    ArchitectureSearchResult Search(IArchitectureSpace space, CtrDataset train, CtrDataset validation,
        IProgress<TrialResult>? progress = null, CancellationToken cancellationToken = default);
}

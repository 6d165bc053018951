using Rankitect.Training;

namespace Rankitect.Strategies;

/// <summary>Everything a strategy needs from the fit that runs it.</summary>
/// <param name="Data">Featurized training and validation rows.</param>
/// <param name="Training">Options of the final training (seed and threads already set).</param>
/// <param name="Seed">The fit's seed.</param>
/// <param name="Threads">TorchSharp threads, or null for all cores.</param>
/// <param name="Report">Progress sink: (phase, message).</param>
/// <param name="CancellationToken">Cancels the strategy within a step.</param>
internal sealed record StrategyContext(
    PreparedCtrData Data,
    CtrTrainingOptions Training,
    int Seed,
    int? Threads,
    Action<string, string> Report,
    CancellationToken CancellationToken);

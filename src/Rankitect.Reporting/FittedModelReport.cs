using Rankitect.Experiment;
using Rankitect.Strategies.Tuning;

namespace Rankitect.Reporting;

/// <summary>Turns fitted Rankitect models into report rows: every evaluated architecture of each fit, with the Pareto
/// front drawn over the full-fidelity results (the retrained networks, whose validation NE is comparable across
/// strategies).</summary>
public static class FittedModelReport
{
    /// <summary>The evaluated architectures of <paramref name="models"/> (completed trials only), each with its
    /// strategy, readable architecture, validation NE, FLOPs, parameters, seconds since its search began and fidelity.</summary>
    public static IReadOnlyList<EvaluatedArchitecture> Evaluated(IEnumerable<RankitectModelParameters> models)
    {
        var rows = new List<(EvaluatedArchitecture Row, TrialResult Trial)>();
        foreach (var model in models)
        {
            double elapsed = 0;
            foreach (var trial in model.Trials.Where(t => t.IsCompleted))
            {
                elapsed += trial.Seconds; // cumulative evaluation seconds: parallel trials overlap, so this is an upper bound of the wall time
                rows.Add((new EvaluatedArchitecture(model.StrategyName, model.DescribeTrial(trial), trial.NormalizedEntropy,
                    trial.Flops, trial.Parameters, elapsed, trial.Fidelity.ToString().ToLowerInvariant(), OnFrontier: false), trial));
            }
        }
        var front = ParetoFront.Of(rows.Where(r => r.Trial.Fidelity == TrialFidelity.Full).Select(r => r.Trial)).ToHashSet();
        return rows.Select(r => r.Row with { OnFrontier = front.Contains(r.Trial) }).ToList();
    }
}

namespace Rankitect.Strategies.Tuning;

/// <summary>How well supernet (inherited-weight) scores rank architectures: Kendall tau-b between the inherited NE and
/// the NE of stand-alone low-fidelity training, over a random sample of architectures.</summary>
/// <param name="KendallTau">Tau-b of the paired NEs (1 = same order, 0 = unrelated); NaN when undefined (fewer than two
/// pairs, or constant scores).</param>
/// <param name="Inherited">The sample's inherited-weight results, paired by position with <paramref name="StandAlone"/>
/// (only pairs where both completed).</param>
/// <param name="StandAlone">The same architectures trained from scratch at low fidelity.</param>
public sealed record SupernetRanking(double KendallTau, IReadOnlyList<TrialResult> Inherited, IReadOnlyList<TrialResult> StandAlone)
{
    /// <summary>Number of architectures compared.</summary>
    public int Count => Inherited.Count;
}

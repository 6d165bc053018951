using Rankitect.Experiment;

namespace Rankitect.Strategies.Tuning;

/// <summary>
/// Proposes architectures and learns from their results, in the shape of ML.NET AutoML's tuner
/// (<c>Propose(TrialSettings)</c> / <c>Update(TrialResult)</c>). A tuner owns its seeded random source, so the same
/// seed and the same reported results give the same proposals. The search calls it from one thread.
/// </summary>
public interface ITuner
{
    /// <summary>Short name recorded in every <see cref="TrialResult.Strategy"/>, e.g. <c>random-search</c>.</summary>
    string Name { get; }

    /// <summary>The next trial (with <see cref="TrialContext.TrialId"/> as its id), or null when the tuner has nothing
    /// more to propose.</summary>
    Trial? Propose(TrialContext context);

    /// <summary>Learns from a finished trial. Results arrive in proposal order; failed and cancelled trials are reported too.</summary>
    void Update(TrialResult result);
}

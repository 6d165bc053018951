namespace Rankitect.Experiment;

/// <summary>How thoroughly a trial evaluates its architecture.</summary>
public enum TrialFidelity
{
    /// <summary>Trained from scratch on fewer examples than a full training (<see cref="FidelityOptions.At"/>: a row
    /// subsample for a few epochs, at least <see cref="FidelityOptions.MinExamples"/>, more at each successive-halving
    /// rung): cheaper, used to rank candidates.</summary>
    Low,

    /// <summary>Scored as a sub-network of a trained supernet with inherited weights (only its output layer fine-tuned):
    /// the one-shot estimate.</summary>
    Inherited,

    /// <summary>Trained from scratch on all training rows with <c>RankitectOptions.Training</c>: the final model.</summary>
    Full,
}

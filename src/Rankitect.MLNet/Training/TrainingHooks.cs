namespace Rankitect.Training;

/// <summary>
/// Optional callbacks of <see cref="CtrTrainer.Train"/> for strategies that reshape the network between steps, e.g.
/// one-shot search picking a supernet path before every step. They run on the training thread, outside the step's
/// dispose scope, so tensors they create (e.g. path gates) outlive the step.
/// </summary>
public sealed class TrainingHooks
{
    /// <summary>Called before every optimizer step with the number of steps already taken (0 for the first step).</summary>
    public Action<long>? BeforeStep { get; init; }

    /// <summary>Called before every validation checkpoint (the network it leaves set up is the one validated).</summary>
    public Action? BeforeValidation { get; init; }
}

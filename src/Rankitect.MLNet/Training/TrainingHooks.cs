namespace Rankitect.Training;

/// <summary>
/// Optional callbacks of <see cref="CtrTrainer.Train"/> for strategies that reshape the network between steps, e.g.
/// one-shot search picking a supernet path before every step, or DNAS sampling gates and adding its cost term. They run on the training thread, outside the step's
/// dispose scope, so tensors they create (e.g. path gates) outlive the step.
/// </summary>
public sealed class TrainingHooks
{
    /// <summary>Called before every optimizer step with the number of steps already taken (0 for the first step).</summary>
    public Action<long>? BeforeStep { get; init; }

    /// <summary>Called inside the step's dispose scope, after the gradients are cleared and before the forward pass
    /// (e.g. DNAS sampling its Gumbel gates, which must be part of the step's graph).</summary>
    public Action? BeforeForward { get; init; }

    /// <summary>A term added to the step's log loss before the backward pass, created inside the step's dispose scope
    /// (e.g. the DNAS cost penalty on the architecture logits). The reported step loss then includes it.</summary>
    public Func<TorchSharp.torch.Tensor>? AdditionalLoss { get; init; }

    /// <summary>Called before every validation checkpoint (the network it leaves set up is the one validated).</summary>
    public Action? BeforeValidation { get; init; }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>
/// The weight-sharing supernet of a search space: one network that holds every architecture. A strategy chooses,
/// before the forward passes, either soft gates (one weight vector per choice, e.g. a Gumbel-softmax sample, for
/// DNAS) or a single path (one candidate per choice, for one-shot training and for scoring sub-networks with
/// inherited weights).
/// </summary>
public abstract class CtrSupernet : CtrModule
{
    /// <summary>Creates the supernet.</summary>
    protected CtrSupernet(string name) : base(name)
    {
    }

    /// <summary>Mixes every choice's candidates by <c>gates[c]</c> [K_c] in the next forward passes (choice order of the
    /// space). The caller owns the tensors and keeps them alive while they are used.</summary>
    public abstract void SetGates(IReadOnlyList<Tensor> gates);

    /// <summary>Runs only candidate <c>indices[c]</c> of every choice in the next forward passes: the sub-network of
    /// that architecture with the supernet's (shared) weights.</summary>
    public abstract void SetPath(IReadOnlyList<int> indices);

    /// <summary>The parameters of the output layer (the last layer before the logit), which one-shot search fine-tunes
    /// per sub-network before scoring it.</summary>
    public abstract IReadOnlyList<Parameter> OutputLayerParameters();

    /// <summary>What the output layer receives for these rows under the current gates or path, [B, W]: the features a
    /// sub-network's output layer is fine-tuned on, which do not change while only that layer trains.</summary>
    public abstract Tensor OutputLayerInput(Tensor dense, Tensor ids);

    /// <summary>The logits [B] of the output layer (as the current path uses it) on <paramref name="input"/> from
    /// <see cref="OutputLayerInput"/>; <c>forward</c> is this applied to that.</summary>
    public abstract Tensor OutputLayer(Tensor input);

    /// <inheritdoc/>
    public override Tensor forward(Tensor dense, Tensor ids)
    {
        using var scope = NewDisposeScope();
        return OutputLayer(OutputLayerInput(dense, ids)).MoveToOuterDisposeScope();
    }
}

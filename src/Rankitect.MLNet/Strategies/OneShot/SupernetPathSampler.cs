using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.Strategies.OneShot;

/// <summary>
/// Chooses what the supernet trains at every step (NASRec): a single path, <c>space.Sample</c>, or, with a
/// probability that decays linearly from 1 at step 0 to 0 at the end of the warm-up, the full supernet. "Full" is
/// every candidate of every choice mixed with uniform gates (1/K each): the interface offers no "all ops at once"
/// switch, and uniform gates reach every candidate's weights with gradient in one step, which is what the warm-up is
/// for; a "largest path" would leave the small candidates' own weights (e.g. other interaction ops) untrained.
/// Validation checkpoints score the full supernet too, a stable measure of the shared weights.
/// </summary>
internal sealed class SupernetPathSampler : IDisposable
{
    private readonly IArchitectureSpace _space;
    private readonly CtrSupernet _supernet;
    private readonly long _warmupSteps;
    private readonly Random _random;
    private readonly Tensor[] _uniform;

    public SupernetPathSampler(IArchitectureSpace space, CtrSupernet supernet, long warmupSteps, int seed)
    {
        _space = space;
        _supernet = supernet;
        _warmupSteps = warmupSteps;
        _random = new Random(seed);
        // Owned here (not by any step's dispose scope): the supernet reads them in every later forward pass.
        _uniform = space.Choices.Select(c => Uniform(c.Count)).ToArray();
    }

    private static Tensor Uniform(int count)
    {
        using var weight = (1f / count).ToScalar();
        return full(count, weight).DetachFromDisposeScope();
    }

    /// <summary>Steps that trained the full supernet.</summary>
    public long FullSteps { get; private set; }

    /// <summary>Steps that trained a single sampled path.</summary>
    public long PathSteps { get; private set; }

    /// <summary>The hooks that make <see cref="CtrTrainer"/> train the supernet this way.</summary>
    public TrainingHooks Hooks => new() { BeforeStep = BeforeStep, BeforeValidation = SetFull };

    /// <summary>The chance that step <paramref name="step"/> (from 0) trains the full supernet.</summary>
    public double FullProbability(long step) => _warmupSteps == 0 ? 0 : Math.Max(0, 1 - (double)step / _warmupSteps);

    private void BeforeStep(long step)
    {
        // One draw every step, so the stream of paths does not depend on the warm-up length.
        if (_random.NextDouble() < FullProbability(step))
        {
            SetFull();
            FullSteps++;
        }
        else
        {
            _supernet.SetPath(_space.Sample(_random));
            PathSteps++;
        }
    }

    private void SetFull() => _supernet.SetGates(_uniform);

    public void Dispose()
    {
        foreach (var gate in _uniform)
            gate.Dispose();
    }
}

namespace Rankitect.Training;

/// <summary>One step of <see cref="CtrTrainer.Pass"/>, as its after-step callback sees it.</summary>
/// <param name="Epoch">The epoch the caller gave the pass.</param>
/// <param name="StepInPass">Steps of this pass so far, this one included (from 1).</param>
/// <param name="Rows">Rows of the step's batch.</param>
/// <param name="LogLoss">The step's log loss (nats).</param>
/// <param name="Loss">The loss that was minimized: the log loss plus any additional term.</param>
internal readonly record struct PassStep(int Epoch, int StepInPass, int Rows, double LogLoss, double Loss);

/// <summary>What <see cref="CtrTrainer.Pass"/> did.</summary>
/// <param name="Steps">Steps taken.</param>
/// <param name="MeanLoss">Mean minimized loss over the steps; NaN when none.</param>
/// <param name="Cancelled">True when the token stopped the pass.</param>
internal readonly record struct PassResult(int Steps, double MeanLoss, bool Cancelled);

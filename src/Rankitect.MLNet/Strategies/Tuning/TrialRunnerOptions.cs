using Rankitect.Training;

namespace Rankitect.Strategies.Tuning;

/// <summary>Options of <see cref="TrialRunner"/>: how trials train and how they share the CPU.</summary>
/// <remarks>
/// Threads: TorchSharp's intra-op thread count (<c>torch.set_num_threads</c>, applied by <see cref="CtrTrainer"/> at
/// the start of every training) is process-global — measured: a worker thread setting 1 changes what every other
/// thread sees. So trials that run at the same time cannot have different counts; every trial gets
/// T / k threads (<see cref="ThreadsPerTrial"/>), the same for all, so the running trials never use more than
/// T = <see cref="Threads"/> threads together (a trial's count does not depend on which batch it runs in either, so its
/// result does not). Small CTR networks gain little from intra-op threads and OpenMP degrades badly when its
/// threads compete for cores, so one thread per trial (k = T) is the default. Measured on this project's 2-core
/// machine shared with other jobs (8 low-fidelity trials of the default DLRM space on 20k Criteo-shaped rows):
/// 2 parallel 1-thread trials 8.9–14.7 s, sequential 1-thread trials 10.3–13.4 s, sequential 2-thread trials
/// 175–180 s (OpenMP spin-waiting on busy cores); on a quieter moment, 4 trials took 3.0 s as 2 parallel 1-thread
/// trials, 5.1 s sequential with 2 threads each and 4.3 s as 2 parallel 2-thread trials (4 threads on 2 cores).
/// NE was identical in every configuration.
/// </remarks>
public sealed class TrialRunnerOptions
{
    /// <summary>Training of full-fidelity trials (all training rows), and the base of low-fidelity ones. Its
    /// <see cref="CtrTrainingOptions.Seed"/> and <see cref="CtrTrainingOptions.Threads"/> are replaced per trial (the
    /// seed derives from the search seed and the trial id). Default: <c>new CtrTrainingOptions()</c>.</summary>
    public CtrTrainingOptions Training { get; set; } = new();

    /// <summary>Share of the training rows a low-fidelity trial trains on (one label-stratified subsample, the same for
    /// every trial), in (0, 1]. Default: 0.1.</summary>
    public double LowFidelityRowFraction { get; set; } = 0.1;

    /// <summary>Most epochs of a low-fidelity trial (early stopping of <see cref="Training"/> still applies). Default: 1.</summary>
    public int LowFidelityEpochs { get; set; } = 1;

    /// <summary>TorchSharp threads T all running trials share. Default: null, which means
    /// <see cref="Environment.ProcessorCount"/>.</summary>
    public int? Threads { get; set; }

    /// <summary>Trials run at once, k in 1..T; each gets T / k threads (rounded down). Default: null, which means T
    /// (one thread per trial; see remarks).</summary>
    public int? Parallelism { get; set; }

    /// <summary>T: <see cref="Threads"/> or the processor count.</summary>
    public int EffectiveThreads => Threads ?? Environment.ProcessorCount;

    /// <summary>k: <see cref="Parallelism"/> or <see cref="EffectiveThreads"/>.</summary>
    public int EffectiveParallelism => Parallelism ?? EffectiveThreads;

    /// <summary>TorchSharp threads of every trial: T / k, rounded down.</summary>
    public int ThreadsPerTrial => Math.Max(1, EffectiveThreads / EffectiveParallelism);

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first bad option.</summary>
    public void Validate()
    {
        OptionChecks.Required(Training, nameof(Training));
        OptionChecks.Fraction(LowFidelityRowFraction, nameof(LowFidelityRowFraction));
        OptionChecks.Positive(LowFidelityEpochs, nameof(LowFidelityEpochs));
        if (Threads is { } threads) OptionChecks.Positive(threads, nameof(Threads));
        if (Parallelism is { } parallelism)
        {
            OptionChecks.Positive(parallelism, nameof(Parallelism));
            if (parallelism > EffectiveThreads)
                throw new ArgumentOutOfRangeException(nameof(Parallelism), parallelism,
                    $"{nameof(Parallelism)} must be at most the threads ({EffectiveThreads}): more trials than threads would oversubscribe the cores; got {parallelism}.");
        }
        new CtrTrainer(Training); // validates the training options
    }
}

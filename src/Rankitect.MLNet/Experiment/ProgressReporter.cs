using Microsoft.ML;

namespace Rankitect.Experiment;

/// <summary>Turns what an experiment does into <see cref="RankitectProgress"/> reports and lines of
/// <see cref="MLContext.Log"/>, keeping the counts (trials done, best NE) and the estimate of the time left.</summary>
internal sealed class ProgressReporter(MLContext mlContext, IProgress<RankitectProgress>? progress, RunBudget budget) : IDisposable
{
    private readonly object _gate = new();
    private readonly RankitectLog _log = new(mlContext, "Experiment"); // one channel for the run, not one per message
    private int _completed, _failed;
    private TrialResult? _best;
    private double? _searchStart, _searchEnd, _fraction;

    /// <summary>The phase trial and strategy messages belong to: "search", then "train" for the post-search stage.</summary>
    public string Phase { get; set; } = "search";

    /// <summary>Seconds from the first search message to the post-search stage.</summary>
    public double SearchSeconds => (_searchEnd ?? budget.ElapsedSeconds) - (_searchStart ?? budget.ElapsedSeconds);

    public void Report(string phase, string message)
    {
        lock (_gate)
        {
            if (phase == "search") _searchStart ??= budget.ElapsedSeconds;
            if (phase == "train") _searchEnd ??= budget.ElapsedSeconds;
            _log.Info($"{phase}: {message}");
            progress?.Report(new RankitectProgress(phase, message, budget.ElapsedSeconds)
            {
                TrialsCompleted = _completed, TrialsFailed = _failed, BestValidationNe = _best?.NormalizedEntropy,
                EstimatedRemainingSeconds = phase == "search" ? Remaining() : null,
            });
        }
    }

    /// <summary>A strategy's message, with the share of the search done when it knows it.</summary>
    public void Search(string message, double? fractionDone)
    {
        lock (_gate)
            if (fractionDone is { } f && f > 0) _fraction = Math.Min(1, f);
        Report(Phase, message);
    }

    /// <summary>One recorded trial.</summary>
    public void Trial(TrialResult result)
    {
        lock (_gate)
        {
            if (result.IsCompleted)
            {
                _completed++;
                if (double.IsFinite(result.NormalizedEntropy) && (_best is null || Rank(result.Fidelity) > Rank(_best.Fidelity)
                    || (Rank(result.Fidelity) == Rank(_best.Fidelity) && result.NormalizedEntropy < _best.NormalizedEntropy)))
                    _best = result;
            }
            else
            {
                _failed++;
            }
        }
        Report(Phase, result.IsCompleted
            ? $"{result.Strategy} trial {result.TrialId} ({result.Fidelity}): validation NE {result.NormalizedEntropy:F4}, {result.Flops:N0} FLOPs, {result.Seconds:F1} s"
            : $"{result.Strategy} trial {result.TrialId} ({result.Fidelity}): {result.Status}{(result.Error is null ? "" : ": " + result.Error)}");
    }

    /// <summary>Closes the log channel.</summary>
    public void Dispose() => _log.Dispose();

    private static int Rank(TrialFidelity fidelity) => fidelity switch
    {
        TrialFidelity.Full => 2,
        TrialFidelity.Low => 1,
        _ => 0,
    };

    private double? Remaining()
    {
        if (budget.RemainingSearchTime is { } left)
            return left.TotalSeconds;
        if (_fraction is { } f && _searchStart is { } start)
            return (budget.ElapsedSeconds - start) * (1 - f) / f;
        return null;
    }
}

using System.Diagnostics;
using Rankitect.Data;
using Rankitect.Evaluation;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Training;
using TorchSharp;
using static TorchSharp.torch;

using Rankitect.Experiment;

namespace Rankitect.Strategies.OneShot;

/// <summary>
/// Scores sub-networks of a trained supernet with inherited weights (NASRec): set the path, fine-tune only the output
/// layer (<see cref="CtrSupernet.OutputLayerParameters"/>) for a few hundred Adam steps on the training rows, measure
/// validation NE, then restore the output layer, so no candidate's fine-tuning leaks into the next one's score.
/// The rest of the supernet is frozen and run in eval mode meanwhile (the features are those the score is computed
/// on, and no gradient flows below the output layer, so a step costs a forward pass and a tiny backward).
/// </summary>
internal sealed class SupernetScorer
{
    private readonly IArchitectureSpace _space;
    private readonly CtrSupernet _supernet;
    private readonly CtrDataset _fineTuneRows;
    private readonly CtrDataset _scoringRows;
    private readonly int _steps;
    private readonly int _batchSize;
    private readonly double _learningRate;
    private readonly int _predictionBatchSize;
    private readonly SearchObjective _objective;
    private readonly int _seed;
    private readonly int _threads;
    private readonly string _strategy;

    public SupernetScorer(IArchitectureSpace space, CtrSupernet supernet, CtrDataset fineTuneRows, CtrDataset scoringRows,
        OneShotOptions options, SearchObjective objective, int seed, int threads, string strategy)
    {
        _space = space;
        _supernet = supernet;
        _fineTuneRows = fineTuneRows;
        _scoringRows = scoringRows;
        _steps = options.FineTuneSteps;
        _batchSize = options.SupernetTraining.BatchSize;
        _learningRate = options.FineTuneLearningRate;
        _predictionBatchSize = options.SupernetTraining.PredictionBatchSize;
        _objective = objective;
        _seed = seed;
        _threads = threads;
        _strategy = strategy;
    }

    /// <summary>Scores <paramref name="trials"/> one after another (one supernet).</summary>
    public IReadOnlyList<TrialOutcome> Evaluate(IReadOnlyList<Trial> trials, CancellationToken cancellationToken)
        => trials.Select(trial => Score(trial, cancellationToken)).ToList();

    public TrialOutcome Score(Trial trial, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var cost = _space.CostOf(trial.Indices);
        TrialOutcome Outcome(TrialStatus status, CtrMetrics? metrics, string? error = null) => new(
            TrialResult.Create(trial, _strategy, status, metrics, cost, _objective, clock.Elapsed.TotalSeconds, error), null);
        if (cancellationToken.IsCancellationRequested)
            return Outcome(TrialStatus.Cancelled, null);

        TorchThreads.Use(_threads); // scoring may run on a thread a parallel trial left with fewer threads
        _supernet.SetPath(trial.Indices); // outside any dispose scope: the path gates must outlive the steps
        var output = _supernet.OutputLayerParameters();
        var outputHandles = output.Select(p => p.Handle).ToHashSet();
        var frozen = _supernet.parameters().Where(p => p.requires_grad && !outputHandles.Contains(p.Handle)).ToList();
        var saved = output.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
        try
        {
            foreach (var p in frozen) p.requires_grad = false;
            _supernet.eval();
            FineTune(output, DerivedSeed.Of(_seed, trial.Id), cancellationToken);
            return Outcome(TrialStatus.Completed, CtrTrainer.Evaluate(_supernet, _scoringRows, _predictionBatchSize));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Outcome(TrialStatus.Cancelled, null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Outcome(TrialStatus.Failed, null, $"{e.GetType().Name}: {e.Message}");
        }
        finally
        {
            using (no_grad())
                for (int i = 0; i < output.Count; i++)
                    output[i].copy_(saved[i]);
            foreach (var tensor in saved) tensor.Dispose();
            foreach (var p in frozen) p.requires_grad = true;
            _supernet.train();
        }
    }

    // Adam on the output layer only, over shuffled batches of its cached input (epochs repeat until the step count is
    // reached). The layers below are frozen and in eval mode, so their output on a row never changes during the
    // fine-tuning: it is computed once per row instead of once per step (the default one-shot fit on Criteo 8k went from
    // 440 s to 164 s).
    private void FineTune(IReadOnlyList<TorchSharp.Modules.Parameter> output, int seed, CancellationToken cancellationToken)
    {
        var features = OutputLayerInputs(seed, cancellationToken);
        using var head = new OutputLayerHead(_supernet);
        using var optimizer = StepOptimizer.Only(output, _learningRate);
        long steps = 0;
        for (int epoch = 1; steps < _steps; epoch++)
        {
            var order = CtrBatches.EpochOrder(features.Count, seed, epoch);
            CtrTrainer.Pass(head, features, _batchSize, order, epoch, optimizer, hooks: null,
                _ => ++steps < _steps, cancellationToken);
        }
    }

    // The output layer's input on the fine-tuning rows: every row up to MaxCachedRows (as many as 64 steps of batch 512
    // visit), else a seeded sample of that many, which the steps then visit over several epochs.
    private CtrDataset OutputLayerInputs(int seed, CancellationToken cancellationToken)
    {
        var rows = _fineTuneRows.Count <= MaxCachedRows
            ? _fineTuneRows
            : _fineTuneRows.Select(CtrBatches.EpochOrder(_fineTuneRows.Count, seed, 0).Take(MaxCachedRows).Order().ToArray());
        var labels = new float[rows.Count];
        float[]? values = null;
        int width = 0, row = 0;
        using var noGrad = no_grad();
        foreach (var batch in CtrBatches.Batches(rows, _predictionBatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            scope.Attach(new IDisposable[] { batch.Dense, batch.Ids, batch.Labels });
            var input = _supernet.OutputLayerInput(batch.Dense, batch.Ids).contiguous();
            width = (int)input.shape[1];
            values ??= new float[rows.Count * width];
            input.data<float>().CopyTo(values, row * width);
            batch.Labels.data<float>().CopyTo(labels, row);
            row += batch.Count;
        }
        return CtrDataset.FromDense(_fineTuneRows.Schema.LabelColumnName, labels, values, width);
    }

    private const int MaxCachedRows = 32_768;
}

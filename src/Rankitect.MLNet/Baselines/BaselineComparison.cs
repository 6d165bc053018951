using Rankitect.Experiment;
using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Rankitect.Data;
using Rankitect.Evaluation;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Strategies;

namespace Rankitect.Baselines;

/// <summary>
/// Trains Rankitect and the usual baselines on the same training rows (each model holds out the same validation
/// rows: Rankitect's stratified split, with the same seed) and scores all of them on the same test rows with
/// <see cref="CtrMetrics"/>.
/// </summary>
internal sealed class BaselineComparison
{
    private readonly MLContext _ml;
    private readonly RankitectOptions _options;
    private readonly BaselineOptions _baselines;

    public BaselineComparison(MLContext mlContext, RankitectOptions options, BaselineOptions baselines)
    {
        _ml = mlContext;
        _options = options;
        _baselines = baselines;
    }

    public BaselineReport Run(IDataView train, IDataView test)
    {
        if (_baselines.TunedLightGbm && _baselines.LightGbmTuning.Check() is { Count: > 0 } errors)
            throw new ArgumentException(string.Join(" ", errors), "baselines");
        // Everything Rankitect's fit would refuse about these columns is refused before the first baseline trains.
        var roles = new RankitectEstimator(_ml, _options).CheckInput(train.Schema);
        CtrColumnRoles.Resolve(test.Schema, _options.ColumnOptions());
        int seed = _options.Seed ?? ContextSeed.Draw(_ml);
        // The same validation rows Rankitect uses: the explicit ones, or the same stratified split with the same seed.
        var split = _options.ValidationData is { } validation
            ? new CtrSplit(train, validation, validation)
            : DataSplits.StratifiedSplit(train, roles.LabelColumnName, _options.ValidationFraction, testFraction: 0, seed);
        var rows = new List<BaselineRow>();
        var rankitectOptions = Copy(_options, seed);

        string label = BaselinePipelines.LabelColumnName;
        if (_baselines.LightGbm)
        {
            var trainer = BaselinePipelines.LightGbm(_ml, label, _baselines, seed, _options.Threads);
            rows.Add(Measure("LightGBM", split, test, roles,
                () => BaselinePipelines.Fit(_ml, roles, _baselines, split.Train, split.Validation, (t, v) => trainer.Fit(t, v))));
        }
        if (_baselines.FastTree)
        {
            rows.Add(Measure("FastTree", split, test, roles,
                () => FastTreeBaseline.Fit(_ml, roles, _baselines, split.Train, split.Validation, seed, _options.Threads).Model));
        }
        if (_baselines.LogisticRegression)
        {
            var trainer = BaselinePipelines.LogisticRegression(_ml, label);
            rows.Add(Measure("logistic regression (L-BFGS)", split, test, roles,
                () => BaselinePipelines.Fit(_ml, roles, _baselines, split.Train, split.Validation, (t, _) => trainer.Fit(t), normalize: true)));
        }
        if (_baselines.FixedDlrm)
        {
            var options = Copy(rankitectOptions, seed);
            options.Strategy = SearchStrategy.FixedDlrm;
            // A reference point like the other baselines, not a search candidate: the search's FLOPs budget and pick
            // do not apply to it (a budget below its FLOPs would otherwise fail the whole comparison).
            options.FlopsBudget = null;
            options.NeTolerance = null;
            options.CustomStrategy = null; // would replace the FixedDlrm shortcut
            options.CustomSpace = null;
            options.TrialStore = null; // the store records the search being compared, not its reference points
            options.Resume = false;
            rows.Add(FitRankitect("DLRM (fixed)", options, train, test, roles).Row);
        }
        if (_baselines.FixedDcnV2)
        {
            // One more architecture of the default DLRM space, trained by the same experiment (CtrTrainer, the same
            // validation rows for early stopping, the same training options) as the fixed DLRM.
            var options = Copy(rankitectOptions, seed);
            options.CustomStrategy = FixedArchitectureStrategy.DcnV2();
            options.CustomSpace = shape => new DlrmSpace(shape);
            options.RetrainReference = false; // the DCN-v2 row must be DCN-v2, not the hand-designed DLRM if that does better
            options.FlopsBudget = null;
            options.NeTolerance = null;
            options.TrialStore = null;
            options.Resume = false;
            rows.Add(FitRankitect("DCN-v2 (fixed)", options, train, test, roles).Row);
        }
        var (rankitect, rankitectRow) = FitRankitect($"Rankitect ({_options.Strategy})", rankitectOptions, train, test, roles);
        rows.Add(rankitectRow);

        // Tuned last, so that its default budget is the wall time Rankitect has just spent searching (the architecture
        // search and the training-recipe search, both hyperparameter searches); listed after LightGBM.
        IReadOnlyList<LightGbmTrial> trials = [];
        if (_baselines.TunedLightGbm)
        {
            double searching = rankitect.Model.SearchSeconds + rankitect.Model.TuningSeconds;
            var budget = _baselines.LightGbmTuning.TimeBudget ?? TimeSpan.FromSeconds(searching > 0 ? searching : rankitectRow.TrainSeconds);
            var tuner = new LightGbmTuner(_ml, roles, _baselines, seed, _options.Threads);
            LightGbmTuningResult? tuning = null;
            var row = Measure("LightGBM (tuned)", split, test, roles,
                () => (tuning = tuner.Tune(split.Train, split.Validation, budget, _options.CancellationToken)).Model);
            var chosen = tuning!.Trials[tuning.Best];
            rows.Insert(_baselines.LightGbm ? 1 : 0, row with
            {
                SearchSeconds = tuning.Seconds, Trials = tuning.Trials.Count,
                Description = $"{chosen.Settings}, {chosen.Rounds} rounds",
            });
            trials = tuning.Trials;
        }

        long trainRows = train.GetRowCount() ?? CountRows(train);
        long testRows = test.GetRowCount() ?? CountRows(test);
        return new BaselineReport(rows, trainRows, testRows, rankitect, trials);
    }

    // Times the fit (featurization included), then scores the test and validation rows with the shared metric code.
    private BaselineRow Measure(string name, CtrSplit split, IDataView test, CtrColumnRoles roles, Func<TransformerChain<ITransformer>> fit)
    {
        var clock = Stopwatch.StartNew();
        var model = fit();
        double seconds = clock.Elapsed.TotalSeconds;
        var metrics = CtrMetrics.Compute(model.Transform(test), roles.LabelColumnName, "Probability");
        var validation = CtrMetrics.Compute(model.Transform(split.Validation), roles.LabelColumnName, "Probability");
        return new BaselineRow(name, metrics, null, ModelBytes(model, split.Train.Schema), seconds, ParameterCount(model.LastTransformer),
            Validation: validation, Description: TrainedModels.Trees(model.LastTransformer) is { } trees ? $"{trees} trees" : null);
    }

    private (RankitectTransformer Model, BaselineRow Row) FitRankitect(string name, RankitectOptions options, IDataView train, IDataView test, CtrColumnRoles roles)
    {
        var clock = Stopwatch.StartNew();
        var model = new RankitectEstimator(_ml, options).Fit(train);
        double seconds = clock.Elapsed.TotalSeconds;
        var metrics = CtrMetrics.Compute(model.Transform(test), roles.LabelColumnName, "Probability");
        return (model, new BaselineRow(name, metrics, model.Model.Flops, ModelBytes(model, train.Schema), seconds,
            model.Model.Parameters, model.Model.SearchSeconds, model.Model.Validation,
            $"{model.Model.Architecture}; recipe {string.Join(" ", model.Model.Info.Hyperparameters.Select(p => $"{p.Key}={p.Value}"))}"));
    }

    private static long? ParameterCount(ITransformer trained)
    {
        return TrainedModels.Parameters(trained) switch
        {
            LinearModelParameters linear => linear.Weights.Count + 1,
            TreeEnsembleModelParametersBasedOnRegressionTree trees => trees.TrainedTreeEnsemble.Trees.Sum(t => 2L * t.NumberOfLeaves - 1),
            _ => null,
        };
    }

    private long ModelBytes(ITransformer model, DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        _ml.Model.Save(model, schema, stream);
        return stream.Length;
    }

    private static RankitectOptions Copy(RankitectOptions source, int seed)
    {
        var copy = source.Clone();
        copy.Seed = seed;
        return copy;
    }

    private static long CountRows(IDataView data)
    {
        long n = 0;
        using var cursor = data.GetRowCursor(Array.Empty<DataViewSchema.Column>());
        while (cursor.MoveNext()) n++;
        return n;
    }
}

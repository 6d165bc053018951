using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Rankitect.Data;
using Rankitect.Export;
using Rankitect.Serving;
using Rankitect.Strategies;
using Rankitect.Training;

namespace Rankitect;

/// <summary>
/// The Rankitect trainer: featurizes CTR columns, searches an architecture, retrains the winner and returns a
/// <see cref="RankitectTransformer"/> that scores like any ML.NET binary classifier (Score, Probability,
/// PredictedLabel) and saves into an ordinary model zip. Create it with <c>mlContext.Ranking().Rankitect(...)</c>.
/// </summary>
public sealed class RankitectEstimator : ITrainerEstimator<RankitectTransformer, RankitectModelParameters>
{
    // ML.NET keeps TrainerInfo's constructor internal; LightGBM's flags are Rankitect's too: no normalization,
    // no caching, validation data supported.
    private static readonly Lazy<TrainerInfo> TrainerInfo = new(() => new MLContext().BinaryClassification.Trainers.LightGbm().Info);

    private readonly MLContext _mlContext;
    private readonly RankitectOptions _options;

    internal RankitectEstimator(MLContext mlContext, RankitectOptions? options)
    {
        _mlContext = mlContext ?? throw new ArgumentNullException(nameof(mlContext));
        _options = options ?? new RankitectOptions();
        _options.Validate();
    }

    /// <inheritdoc/>
    public TrainerInfo Info => TrainerInfo.Value;

    private sealed class NoColumns
    {
    }

    /// <summary>Runs featurization, search and retraining on <paramref name="input"/>.</summary>
    /// <exception cref="ArgumentException">A column is missing or has a type that does not fit its role, or there is no
    /// categorical column (or only one and no dense column).</exception>
    /// <exception cref="OperationCanceledException">Cancelled before any network was trained.</exception>
    public RankitectTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_options.TimeBudget is not { } budget)
            return Fit(input, _options.CancellationToken, checkBudget: null);

        // The budget is a cancellation the caller did not ask for: same best-so-far result, but a clearer error.
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(_options.CancellationToken);
        timer.CancelAfter(budget);
        // The timer's callback runs on the thread pool and can be late when the pool is busy; checking the clock
        // between phases makes the budget hold regardless.
        var clock = Stopwatch.StartNew();
        void CheckBudget()
        {
            if (clock.Elapsed >= budget)
                timer.Cancel();
        }
        try
        {
            return Fit(input, timer.Token, CheckBudget);
        }
        catch (OperationCanceledException e) when (!_options.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The time budget of {budget.TotalSeconds:F1} s ran out before any network was trained; raise {nameof(RankitectOptions.TimeBudget)}.", e);
        }
    }

    private RankitectTransformer Fit(IDataView input, CancellationToken cancellationToken, Action? checkBudget)
    {
        var clock = Stopwatch.StartNew();
        using var log = new RankitectLog(_mlContext, "Fit");
        void Report(string phase, string message)
        {
            log.Info($"{phase}: {message}");
            _options.Progress?.Report(new RankitectProgress(phase, message, clock.Elapsed.TotalSeconds));
        }

        var columns = _options.ColumnOptions();
        var roles = CtrColumnRoles.Resolve(input.Schema, columns);
        if (_options.ValidationData is { } explicitValidation)
            CtrColumnRoles.Resolve(explicitValidation.Schema, columns);
        CheckSearchable(roles);
        int seed = _options.Seed ?? ContextSeed.Draw(_mlContext);

        IDataView train = input, validation;
        if (_options.ValidationData is null)
        {
            var split = DataSplits.StratifiedSplit(input, roles.LabelColumnName, _options.ValidationFraction, testFraction: 0, seed);
            (train, validation) = (split.Train, split.Validation);
        }
        else
        {
            validation = _options.ValidationData;
        }

        var data = PreparedCtrData.Prepare(_mlContext, train, validation, test: null, _options.Featurization.With(columns), cancellationToken);
        Report("featurize", $"{data.Schema}; {data.Train.Count:N0} training and {data.Validation.Count:N0} validation rows");
        if (data.Train.Count == 0 || data.Validation.Count == 0)
            throw new ArgumentException($"Training needs rows in both the training ({data.Train.Count}) and validation ({data.Validation.Count}) parts.", nameof(input));

        checkBudget?.Invoke();
        var training = _options.Training.With(seed, _options.Threads);
        var context = new StrategyContext(data, training, seed, _options.Threads, Report, cancellationToken);
        SearchResult result = _options.Strategy == SearchStrategy.FixedDlrm
            ? FixedDlrmStrategy.Run(context)
            : ArchitectureSearchRunner.Run(context, _options);
        Report("train", $"{result.Architecture}: validation NE {result.Validation.NormalizedEntropy:F4}, AUC {result.Validation.Auc:F4}, {result.Flops:N0} FLOPs/example" + (result.Cancelled ? " (cancelled: best so far)" : ""));

        var info = ModelInfoFactory.Create(result, data.Featurization, _options, seed);
        byte[] onnx;
        using (result.Model)
            onnx = CtrOnnxExporter.Export(result.Model, data.Schema, info);
        var scoring = ScoringPipeline.Build(_mlContext, data.Featurization, onnx, train);
        return new RankitectTransformer(scoring, new RankitectModelParameters(result, data.Schema, _options.Strategy, onnx, info));
    }

    // Every space embeds categorical fields, and the DLRM space combines pairs of vectors; refuse data no space can
    // model before the costly featurization.
    private static void CheckSearchable(CtrColumnRoles roles)
    {
        if (roles.CategoricalColumnNames.Count == 0)
            throw new ArgumentException(
                $"Rankitect needs at least one categorical column, but the data has only dense ones ({string.Join(", ", roles.DenseColumnNames)}). " +
                "Name Text or key columns in CategoricalColumnNames, or use a dense-only trainer.", "input");
        if (roles.DenseColumnNames.Count == 0 && roles.CategoricalColumnNames.Count < 2)
            throw new ArgumentException(
                $"Without dense columns Rankitect needs at least two categorical columns, but the data has only {roles.CategoricalColumnNames[0]}.", "input");
    }

    /// <summary>The input schema plus Score (Single), Probability (Single) and PredictedLabel (Boolean).</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        if (!inputSchema.Any(c => c.Name == _options.LabelColumnName))
            throw new ArgumentException($"Could not find label column '{_options.LabelColumnName}'.", nameof(inputSchema));
        // SchemaShape.Column cannot be constructed outside ML.NET; a built-in custom-mapping estimator that adds
        // exactly the scoring columns computes the shape instead.
        return _mlContext.Transforms.CustomMapping<NoColumns, BinaryScores>((_, _) => { }, contractName: null).GetOutputSchema(inputSchema);
    }
}

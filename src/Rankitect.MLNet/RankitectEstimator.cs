using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Rankitect.Data;
using Rankitect.Export;
using Rankitect.Serving;
using Rankitect.Experiment;
using Rankitect.Strategies;

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
        BuiltInStrategies.Create(_options); // the strategy's own options are checked now, not after featurization
    }

    /// <inheritdoc/>
    public TrainerInfo Info => TrainerInfo.Value;

    private sealed class NoColumns
    {
    }

    /// <summary>Runs featurization, search and retraining on <paramref name="input"/> through a
    /// <see cref="RankitectExperiment"/> configured from the options.</summary>
    /// <exception cref="ArgumentException">A column is missing or has a type that does not fit its role, or there is no
    /// categorical column (or only one and no dense column).</exception>
    /// <exception cref="OperationCanceledException">Cancelled before any network was trained.</exception>
    /// <exception cref="TimeoutException">A time budget ran out before any network was trained.</exception>
    public RankitectTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var columns = _options.ColumnOptions();
        var roles = CtrColumnRoles.Resolve(input.Schema, columns);
        if (_options.ValidationData is { } explicitValidation)
            CtrColumnRoles.Resolve(explicitValidation.Schema, columns);
        CheckSearchable(roles);
        int seed = _options.Seed ?? ContextSeed.Draw(_mlContext);

        IDataView train = input, validation;
        if (_options.ValidationData is null)
        {
            var split = DataSplits.StratifiedSplit(input, roles.LabelColumnName, _options.ValidationFraction, testFraction: 0, seed,
                _options.CancellationToken);
            (train, validation) = (split.Train, split.Validation);
        }
        else
        {
            validation = _options.ValidationData;
        }

        var experiment = CreateExperiment(_mlContext, _options, seed)
            .SetDataset(train, validation, _options.Featurization.With(columns));
        using var result = experiment.RunAsync(_options.CancellationToken).GetAwaiter().GetResult();
        var info = ModelInfoFactory.Create(result, _options);
        byte[] onnx = CtrOnnxExporter.Export(result.Model, result.Data.Schema, info);
        var scoring = ScoringPipeline.Build(_mlContext, result.Data.Featurization, onnx, train);
        return new RankitectTransformer(scoring, new RankitectModelParameters(result, _options.Strategy, onnx, info));
    }

    /// <summary>The experiment <paramref name="options"/> describe (everything but the data).</summary>
    internal static RankitectExperiment CreateExperiment(MLContext mlContext, RankitectOptions options, int seed)
    {
        var experiment = new RankitectExperiment(mlContext)
            .SetSearchSpace(BuiltInStrategies.Space(options))
            .SetStrategy(BuiltInStrategies.Create(options))
            .SetObjective(options.CostWeight, options.FlopsBudget)
            .SetRetraining(options.TopK, options.NeTolerance)
            .SetTimeBudget(options.TimeBudget, options.SearchTimeBudget)
            .SetTraining(options.Training)
            .SetLowFidelity(options.LowFidelity)
            .SetSeed(seed)
            .SetThreads(options.Threads, options.TrialParallelism);
        if (options.Progress is { } progress) experiment.SetProgress(progress);
        if (options.Monitor is { } monitor) experiment.SetMonitor(monitor);
        return experiment;
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

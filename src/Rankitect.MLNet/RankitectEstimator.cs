using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Rankitect.Data;
using Rankitect.Export;
using Rankitect.Featurize;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Dlrm;
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
        var roles = CheckInput(input.Schema);
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

    /// <summary>Checks, without reading a row, what <see cref="Fit"/> would refuse about data with
    /// <paramref name="inputSchema"/> (and the options' <see cref="RankitectOptions.ValidationData"/>): the column roles,
    /// and a <see cref="RankitectOptions.FlopsBudget"/> below the cheapest network for these columns. <see cref="Fit"/>
    /// runs it first; call it to fail fast before work of your own on the data, such as a split.</summary>
    /// <returns>The column roles.</returns>
    /// <exception cref="ArgumentException">A column is missing, in two roles or of a type that does not fit its role;
    /// no space can model the columns; or the FLOPs budget is below the cheapest network (the message names the option,
    /// its value and the cheapest possible).</exception>
    public CtrColumnRoles CheckInput(DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var columns = _options.ColumnOptions();
        var roles = CtrColumnRoles.Resolve(inputSchema, columns);
        if (_options.ValidationData is { } explicitValidation)
            CtrColumnRoles.Resolve(explicitValidation.Schema, columns);
        CheckSearchable(roles);
        CheckFlopsBudget(inputSchema, roles);
        return roles;
    }

    // The FLOPs of the built-in spaces depend on the dense width and the number of fields only (a lookup costs no FLOPs:
    // cardinalities size the tables, not the compute), and both follow from the column roles and types. So a budget
    // below the cheapest network is refused here, before featurization. A custom space may depend on the cardinalities,
    // which only featurization finds: the experiment checks every space again right after featurization, before the search.
    private void CheckFlopsBudget(DataViewSchema schema, CtrColumnRoles roles)
    {
        if (_options.FlopsBudget is not { } budget || _options.CustomSpace is not null)
            return;
        int denseWidth = CtrFeaturizer.DenseWidth(schema, roles, _options.Featurization.AddMissingIndicators);
        var shape = new CtrFeatureShape(denseWidth, Enumerable.Repeat(2, roles.CategoricalColumnNames.Count).ToArray()); // any cardinality will do
        var space = BuiltInStrategies.Space(_options)(shape);
        if (_options.CustomStrategy is null && _options.Strategy == SearchStrategy.FixedDlrm && space is DlrmSpace dlrm)
        {
            long handDesigned = new DlrmCostModel(dlrm).Estimate(DlrmSpace.HandDesigned(dlrm)).Flops;
            if (budget < handDesigned)
                throw FlopsBudgetCheck.Below(budget, handDesigned, "the hand-designed DLRM, the only network Strategy = FixedDlrm trains");
        }
        FlopsBudgetCheck.ThrowIfBelowCheapest(space, budget);
    }

    /// <summary>The experiment <paramref name="options"/> describe (everything but the data).</summary>
    internal static RankitectExperiment CreateExperiment(MLContext mlContext, RankitectOptions options, int seed)
    {
        var experiment = new RankitectExperiment(mlContext)
            .SetSearchSpace(BuiltInStrategies.Space(options))
            .SetStrategy(BuiltInStrategies.Create(options))
            .SetObjective(options.CostWeight, options.FlopsBudget)
            .SetRetraining(options.TopK, options.NeTolerance, options.RetrainReference)
            .SetEnsemble(options.EnsembleSize)
            .SetTimeBudget(options.TimeBudget, options.SearchTimeBudget)
            .SetTraining(options.Training)
            .SetTrainingSearch(options.TrainingSearch)
            .SetLowFidelity(options.LowFidelity)
            .SetSeed(seed)
            .SetThreads(options.Threads, options.TrialParallelism)
            .SetDeterministic(options.Deterministic)
            .SetCalibration(options.Calibrate)
            .SetMemoryLimit(options.MaximumMemoryMB);
        if (options.Progress is { } progress) experiment.SetProgress(progress);
        if (options.Monitor is { } monitor) experiment.SetMonitor(monitor);
        if (options.TrialStore is { } store)
            _ = options.Resume ? experiment.ResumeFrom(store, options.Study) : experiment.SetStore(store, options.Study);
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

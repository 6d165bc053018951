using System.Globalization;
using System.Reflection;
using Rankitect.Experiment;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Serving;
using Rankitect.Training;

namespace Rankitect;

/// <summary>Builds the <see cref="RankitectModelInfo"/> of a fit: the one place that maps Rankitect's training-side
/// types onto the TorchSharp-free info stored in the model zip.</summary>
internal static class ModelInfoFactory
{
    /// <summary>The info of the network the experiment <paramref name="result"/> returned, for a fit with <paramref name="options"/>.</summary>
    public static RankitectModelInfo Create(ExperimentResult result, RankitectOptions options)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        var featurization = result.Data.Featurization;
        var schema = featurization.Schema;
        int seed = result.Seed;
        var defaultRecipe = TrainingRecipe.Of(options.Training);
        return new RankitectModelInfo
        {
            RankitectVersion = RankitectVersion,
            CreatedAtUtc = DateTime.UtcNow,
            SearchSpace = result.Space.Name,
            StrategyName = result.Strategy,
            Architecture = result.Architecture,
            ArchitectureJson = result.ArchitectureJson,
            Flops = result.Cost.Flops,
            EnsembleMembers = result.BestTrial.Members?.Select(m => new RankitectEnsembleMemberInfo
            {
                TrialId = m.TrialId,
                Architecture = TrialArchitecture.Describe(result.Space, m),
                ArchitectureJson = TrialArchitecture.ToJson(result.Space, m),
                Flops = m.Flops,
                Parameters = m.Parameters,
                NormalizedEntropy = m.NormalizedEntropy,
                Hyperparameters = (m.Recipe ?? defaultRecipe).ToDictionary(),
            }).ToArray() ?? [],
            Parameters = result.Model.ParameterCount,
            Features = new RankitectFeatureInfo
            {
                LabelColumnName = schema.LabelColumnName,
                DenseColumnNames = featurization.Roles.DenseColumnNames,
                CategoricalColumnNames = schema.Fields.Select(f => f.Name).ToArray(),
                DenseWidth = schema.DenseWidth,
                FieldCardinalities = schema.Cardinalities,
                CategoricalEncoding = options.Featurization.Encoding.ToString(),
            },
            Validation = new RankitectValidationInfo
            {
                NormalizedEntropy = result.Validation.NormalizedEntropy,
                WorseThanBaseRate = !(result.Validation.NormalizedEntropy < 1),
                Auc = result.Validation.Auc,
                LogLoss = result.Validation.LogLoss,
                Calibration = result.Validation.Calibration,
                PositiveRate = result.Validation.PositiveRate,
                RowCount = result.Validation.Count,
            },
            Cancelled = result.Cancelled,
            Reproducible = result.Reproducible,
            SearchSeconds = result.SearchSeconds,
            TrainSeconds = result.TrainSeconds,
            TuningSeconds = result.TuningSeconds,
            Seed = seed,
            Hyperparameters = WithCalibration((result.BestTrial.Recipe ?? defaultRecipe).ToDictionary(), result.Model),
            Options = EffectiveOptions.Create(options, seed),
            Trials = result.Trials.Select(t => Trial(t, defaultRecipe)).ToArray(),
        };
    }

    // The returned network's Platt scaling ("calibrationScale", "calibrationBias") beside its training recipe.
    private static IReadOnlyDictionary<string, string> WithCalibration(IReadOnlyDictionary<string, string> recipe, CtrModule model)
    {
        if (model is not CalibratedModule calibrated)
            return recipe;
        return new Dictionary<string, string>(recipe, StringComparer.Ordinal)
        {
            ["calibrationScale"] = calibrated.Scale.ToString("R", CultureInfo.InvariantCulture),
            ["calibrationBias"] = calibrated.Bias.ToString("R", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The informational version of Rankitect.MLNet (e.g. <c>1.0.0+commit</c>).</summary>
    public static string RankitectVersion { get; } =
        typeof(ModelInfoFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ModelInfoFactory).Assembly.GetName().Version?.ToString(3)
        ?? "unknown";

    private static RankitectTrialInfo Trial(TrialResult trial, TrainingRecipe defaultRecipe) => new()
    {
        TrialId = trial.TrialId,
        CandidateIndices = trial.Indices,
        Fidelity = trial.Fidelity.ToString(),
        Status = trial.Status.ToString(),
        Strategy = trial.Strategy,
        NormalizedEntropy = trial.NormalizedEntropy,
        Auc = trial.Auc,
        LogLoss = trial.LogLoss,
        Flops = trial.Flops,
        Parameters = trial.Parameters,
        EmbeddingBytes = trial.EmbeddingBytes,
        Fitness = trial.Fitness,
        Seconds = trial.Seconds,
        ParentId = trial.ParentId,
        EnsembleMemberIds = trial.Members?.Select(m => m.TrialId).ToArray(),
        Error = trial.Error,
        // Inherited-weight scores (one-shot) trained nothing of their own; they are listed with the default recipe too.
        Hyperparameters = (trial.Recipe ?? defaultRecipe).ToDictionary(),
    };
}

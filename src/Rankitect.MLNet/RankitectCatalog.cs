using System.Reflection;
using Microsoft.ML;

namespace Rankitect;

/// <summary>Rankitect's entry points, reached with <c>mlContext.Ranking()</c>.</summary>
public sealed class RankitectCatalog
{
    internal RankitectCatalog(MLContext mlContext) => MLContext = mlContext;

    /// <summary>The context whose log and seed Rankitect uses.</summary>
    public MLContext MLContext { get; }

    /// <summary>Creates the Rankitect trainer: featurization, architecture search, retraining.</summary>
    /// <param name="options">Options; null for the defaults (label column "Label", other columns inferred, DNAS).</param>
    public RankitectEstimator Rankitect(RankitectOptions? options = null) => new(MLContext, options);

    /// <summary>Creates an experiment (ML.NET AutoML's shape): set the data, space, strategy, trial runner, monitor,
    /// objective and budgets, then run it. Defaults: the DLRM space, DNAS with its default options, from-scratch
    /// training trials; its seed is drawn from this context.</summary>
    public Experiment.RankitectExperiment CreateExperiment() => new Experiment.RankitectExperiment(MLContext).SetStrategy(new Strategies.Dnas.DnasStrategy());

    /// <summary>Trains Rankitect, the fixed DLRM and DCN-v2, LightGBM, FastTree and logistic regression on the same
    /// training rows (same stratified validation split and seed; every model that stops early stops on those validation
    /// rows) and scores all of them on <paramref name="test"/> with the same metric code. Print
    /// <see cref="Baselines.BaselineReport.ToTable"/> or read its rows.</summary>
    /// <param name="train">Training rows (validation rows are split off them, or taken from the options).</param>
    /// <param name="test">Held-out rows, same schema.</param>
    /// <param name="options">Rankitect's options; their column roles apply to every model.</param>
    /// <param name="baselines">Which baselines to train and how. Default: all of them.</param>
    public Baselines.BaselineReport CompareWithBaselines(IDataView train, IDataView test, RankitectOptions? options = null,
        Baselines.BaselineOptions? baselines = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        options ??= new RankitectOptions();
        options.Validate();
        return new Baselines.BaselineComparison(MLContext, options, baselines ?? new Baselines.BaselineOptions()).Run(train, test);
    }
}

/// <summary>Extension methods that bring Rankitect into ML.NET's catalogs.</summary>
public static class RankitectExtensions
{
    /// <summary>Rankitect's catalog. (C# picks this method over <see cref="MLContext.Ranking"/>, the property, when
    /// it is invoked: <c>mlContext.Ranking().Rankitect(...)</c>.)</summary>
    public static RankitectCatalog Ranking(this MLContext mlContext)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        return new RankitectCatalog(mlContext);
    }

    /// <summary>The Rankitect trainer where ML.NET users look first:
    /// <c>mlContext.BinaryClassification.Trainers.Rankitect(...)</c>. Same as <c>mlContext.Ranking().Rankitect(...)</c>.</summary>
    public static RankitectEstimator Rankitect(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog, RankitectOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new RankitectEstimator(ContextOf(catalog, options), options);
    }

    // ML.NET keeps a catalog's context internal (TrainCatalogBase.Environment); read it so the trainer uses the
    // caller's log and seed, and fall back to a fresh context seeded from the options if ML.NET ever changes.
    private static MLContext ContextOf(object catalog, RankitectOptions? options)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        for (var type = catalog.GetType(); type is not null; type = type.BaseType)
        {
            if (type.GetProperty("Environment", flags)?.GetValue(catalog) is MLContext context)
                return context;
        }
        return new MLContext(options?.Seed);
    }
}

using Rankitect.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Rankitect.Baselines;

/// <summary>
/// The ML.NET baseline pipelines Rankitect compares against, built the way ML.NET users build them for CTR data:
/// dense columns as Single (NaN kept for trees; replaced by 0 plus missing indicators and normalized for logistic
/// regression), categorical columns hashed one-hot, all concatenated into <see cref="FeatureColumnName"/>.
/// <c>CompareWithBaselines</c> and the benchmarks use these, so every comparison trains the same baselines.
/// </summary>
public static class BaselinePipelines
{
    /// <summary>The concatenated feature column the baseline trainers read.</summary>
    public const string FeatureColumnName = "BaselineFeatures";

    /// <summary>The Boolean label column the baseline trainers read.</summary>
    public const string LabelColumnName = "BaselineLabel";

    /// <summary>Copies the label into <see cref="LabelColumnName"/> as Boolean: ML.NET's tree and linear binary trainers
    /// need a Boolean label, while Rankitect also accepts Single or Double 0/1 labels.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="labelColumnName">The data's label column (Boolean, or Single/Double holding 0/1).</param>
    public static IEstimator<ITransformer> Label(MLContext mlContext, string labelColumnName)
        => mlContext.Transforms.Conversion.ConvertType(LabelColumnName, labelColumnName, DataKind.Boolean);

    /// <summary>Fits a baseline the way <c>CompareWithBaselines</c> does: the Boolean label copy and the feature pipeline
    /// on the training rows only, then the trainer on the featurized training rows, with the validation rows featurized
    /// the same way for the trainers that stop early on them.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="roles">Label, dense and categorical columns.</param>
    /// <param name="options">Hash bits of the one-hot encoding.</param>
    /// <param name="train">Training rows.</param>
    /// <param name="validation">Validation rows.</param>
    /// <param name="fitTrainer">Fits the trainer on (featurized training rows, featurized validation rows); the trainer
    /// reads <see cref="LabelColumnName"/> and <see cref="FeatureColumnName"/>.</param>
    /// <param name="normalize">Replace missing values, add missing indicators and normalize (for linear models).</param>
    /// <returns>The featurization followed by the trained model (<c>LastTransformer</c>).</returns>
    public static TransformerChain<ITransformer> Fit(MLContext mlContext, CtrColumnRoles roles, BaselineOptions options, IDataView train,
        IDataView validation, Func<IDataView, IDataView, ITransformer> fitTrainer, bool normalize = false)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(fitTrainer);
        var featurizer = Label(mlContext, roles.LabelColumnName)
            .Append(Features(mlContext, roles.DenseColumnNames, roles.CategoricalColumnNames, options, normalize)).Fit(train);
        var trained = fitTrainer(featurizer.Transform(train), featurizer.Transform(validation));
        return new TransformerChain<ITransformer>(featurizer, trained);
    }

    /// <summary>The feature pipeline; fit it on training rows only.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="denseColumns">Dense feature columns (numeric or Boolean scalars).</param>
    /// <param name="categoricalColumns">Categorical feature columns (Text or key).</param>
    /// <param name="options">Hash bits of the one-hot encoding.</param>
    /// <param name="normalize">Replace missing values, add missing indicators and normalize (for linear models).</param>
    public static IEstimator<ITransformer> Features(MLContext mlContext, IReadOnlyList<string> denseColumns,
        IReadOnlyList<string> categoricalColumns, BaselineOptions options, bool normalize = false)
    {
        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        var parts = new List<string>();
        foreach (var name in denseColumns)
        {
            var single = "Baseline.Dense." + name;
            pipeline = pipeline.Append(mlContext.Transforms.Conversion.ConvertType(single, name, DataKind.Single));
            parts.Add(single);
        }
        if (normalize && parts.Count > 0)
        {
            pipeline = pipeline
                .Append(mlContext.Transforms.Concatenate("Baseline.DenseRaw", parts.ToArray()))
                .Append(mlContext.Transforms.IndicateMissingValues("Baseline.Missing", "Baseline.DenseRaw"))
                .Append(mlContext.Transforms.Conversion.ConvertType("Baseline.MissingSingle", "Baseline.Missing", DataKind.Single))
                .Append(mlContext.Transforms.ReplaceMissingValues("Baseline.DenseFilled", "Baseline.DenseRaw"))
                .Append(mlContext.Transforms.NormalizeMeanVariance("Baseline.DenseNormalized", "Baseline.DenseFilled"));
            parts = new List<string> { "Baseline.DenseNormalized", "Baseline.MissingSingle" };
        }
        foreach (var name in categoricalColumns)
        {
            var encoded = "Baseline.Categorical." + name;
            pipeline = pipeline.Append(mlContext.Transforms.Categorical.OneHotHashEncoding(encoded, name, numberOfBits: options.HashBits));
            parts.Add(encoded);
        }
        return pipeline.Append(mlContext.Transforms.Concatenate(FeatureColumnName, parts.ToArray()));
    }

    /// <summary>LightGBM with early stopping after 20 rounds without improvement on the validation rows given to Fit.</summary>
    public static LightGbmBinaryTrainer LightGbm(MLContext mlContext, string labelColumnName, BaselineOptions options, int seed, int? threads = null)
        => mlContext.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = labelColumnName, FeatureColumnName = FeatureColumnName, NumberOfIterations = options.NumberOfTrees,
            NumberOfLeaves = options.NumberOfLeaves, LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf, EarlyStoppingRound = 20, Seed = seed,
            NumberOfThreads = threads, Verbose = false, Silent = true,
        });

    /// <summary>FastTree with the same tree settings, stopping when the validation rows given to Fit get worse by
    /// more than 1% of the best value seen (ML.NET's tolerant early-stopping rule).</summary>
    public static FastTreeBinaryTrainer FastTree(MLContext mlContext, string labelColumnName, BaselineOptions options, int seed, int? threads = null)
        => mlContext.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = labelColumnName, FeatureColumnName = FeatureColumnName, NumberOfTrees = options.NumberOfTrees,
            NumberOfLeaves = options.NumberOfLeaves, LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf, Seed = seed, NumberOfThreads = threads,
            EarlyStoppingRule = new TolerantEarlyStoppingRule(0.01f),
        });

    /// <summary>L-BFGS logistic regression (use with <c>Features(..., normalize: true)</c>).</summary>
    public static LbfgsLogisticRegressionBinaryTrainer LogisticRegression(MLContext mlContext, string labelColumnName)
        => mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName, FeatureColumnName);
}

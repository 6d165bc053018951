using Rankitect.Data;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Rankitect.Baselines;

/// <summary>
/// The ML.NET baseline pipelines Rankitect compares against, built the way ML.NET users build them for CTR data:
/// dense columns as Single (NaN kept for LightGBM; replaced by 0 plus missing indicators for FastTree, and normalized
/// as well for logistic regression), categorical columns hashed one-hot (or, for the tuned LightGBM, one-hot over the
/// training vocabulary or count-encoded), all concatenated into <see cref="FeatureColumnName"/>.
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
    /// the same way for the trainers that stop early on them. Categorical columns are hashed one-hot.</summary>
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
        => Fit(mlContext, roles, options, train, validation, fitTrainer,
            normalize ? BaselineDenseHandling.FillMissingAndNormalize : BaselineDenseHandling.Raw, BaselineCategoricalEncoding.HashedOneHot);

    /// <summary>Fits a baseline with the given featurization: <see cref="Featurizer"/> on the training rows only, then
    /// the trainer on the featurized training rows and the validation rows featurized the same way.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="roles">Label, dense and categorical columns.</param>
    /// <param name="options">Hash bits of the hashed one-hot encoding.</param>
    /// <param name="train">Training rows.</param>
    /// <param name="validation">Validation rows.</param>
    /// <param name="fitTrainer">Fits the trainer on (featurized training rows, featurized validation rows); the trainer
    /// reads <see cref="LabelColumnName"/> and <see cref="FeatureColumnName"/>.</param>
    /// <param name="dense">How the dense columns enter.</param>
    /// <param name="categorical">How the categorical columns enter.</param>
    /// <returns>The featurization followed by the trained model (<c>LastTransformer</c>).</returns>
    public static TransformerChain<ITransformer> Fit(MLContext mlContext, CtrColumnRoles roles, BaselineOptions options, IDataView train,
        IDataView validation, Func<IDataView, IDataView, ITransformer> fitTrainer, BaselineDenseHandling dense, BaselineCategoricalEncoding categorical)
    {
        ArgumentNullException.ThrowIfNull(fitTrainer);
        var featurizer = Featurizer(mlContext, roles, options, dense, categorical).Fit(train);
        var trained = fitTrainer(featurizer.Transform(train), featurizer.Transform(validation));
        return new TransformerChain<ITransformer>(featurizer, trained);
    }

    /// <summary>The Boolean label copy (<see cref="Label"/>) followed by <see cref="Features(MLContext, IReadOnlyList{string}, IReadOnlyList{string}, int, BaselineDenseHandling, BaselineCategoricalEncoding)"/>
    /// over the roles' columns; fit it on training rows only.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="roles">Label, dense and categorical columns.</param>
    /// <param name="options">Hash bits of the hashed one-hot encoding.</param>
    /// <param name="dense">How the dense columns enter.</param>
    /// <param name="categorical">How the categorical columns enter.</param>
    public static IEstimator<ITransformer> Featurizer(MLContext mlContext, CtrColumnRoles roles, BaselineOptions options,
        BaselineDenseHandling dense, BaselineCategoricalEncoding categorical)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(options);
        return Label(mlContext, roles.LabelColumnName)
            .Append(Features(mlContext, roles.DenseColumnNames, roles.CategoricalColumnNames, options.HashBits, dense, categorical));
    }

    /// <summary>The feature pipeline with hashed one-hot categoricals; fit it on training rows only.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="denseColumns">Dense feature columns (numeric or Boolean scalars).</param>
    /// <param name="categoricalColumns">Categorical feature columns (Text or key).</param>
    /// <param name="options">Hash bits of the one-hot encoding.</param>
    /// <param name="normalize">Replace missing values, add missing indicators and normalize (for linear models).</param>
    public static IEstimator<ITransformer> Features(MLContext mlContext, IReadOnlyList<string> denseColumns,
        IReadOnlyList<string> categoricalColumns, BaselineOptions options, bool normalize = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Features(mlContext, denseColumns, categoricalColumns, options.HashBits,
            normalize ? BaselineDenseHandling.FillMissingAndNormalize : BaselineDenseHandling.Raw, BaselineCategoricalEncoding.HashedOneHot);
    }

    /// <summary>The feature pipeline: dense columns as Single (handled as <paramref name="dense"/> says), categorical
    /// columns encoded as <paramref name="categorical"/> says, all concatenated into <see cref="FeatureColumnName"/>.
    /// Fit it on training rows only (vocabularies and counts come from the rows it is fitted on).</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="denseColumns">Dense feature columns (numeric or Boolean scalars).</param>
    /// <param name="categoricalColumns">Categorical feature columns (Text or key; Text only for
    /// <see cref="BaselineCategoricalEncoding.Count"/>).</param>
    /// <param name="hashBits">Hash bits per column of <see cref="BaselineCategoricalEncoding.HashedOneHot"/>.</param>
    /// <param name="dense">How the dense columns enter.</param>
    /// <param name="categorical">How the categorical columns enter.</param>
    public static IEstimator<ITransformer> Features(MLContext mlContext, IReadOnlyList<string> denseColumns,
        IReadOnlyList<string> categoricalColumns, int hashBits, BaselineDenseHandling dense, BaselineCategoricalEncoding categorical)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(denseColumns);
        ArgumentNullException.ThrowIfNull(categoricalColumns);
        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        var parts = new List<string>();
        foreach (var name in denseColumns)
        {
            var single = "Baseline.Dense." + name;
            pipeline = pipeline.Append(mlContext.Transforms.Conversion.ConvertType(single, name, DataKind.Single));
            parts.Add(single);
        }
        if (dense != BaselineDenseHandling.Raw && parts.Count > 0)
        {
            pipeline = pipeline
                .Append(mlContext.Transforms.Concatenate("Baseline.DenseRaw", parts.ToArray()))
                .Append(mlContext.Transforms.IndicateMissingValues("Baseline.Missing", "Baseline.DenseRaw"))
                .Append(mlContext.Transforms.Conversion.ConvertType("Baseline.MissingSingle", "Baseline.Missing", DataKind.Single))
                .Append(mlContext.Transforms.ReplaceMissingValues("Baseline.DenseFilled", "Baseline.DenseRaw"));
            string values = "Baseline.DenseFilled";
            if (dense == BaselineDenseHandling.FillMissingAndNormalize)
            {
                pipeline = pipeline.Append(mlContext.Transforms.NormalizeMeanVariance("Baseline.DenseNormalized", values));
                values = "Baseline.DenseNormalized";
            }
            parts = new List<string> { values, "Baseline.MissingSingle" };
        }
        var encoded = categoricalColumns.Select(name => (Output: "Baseline.Categorical." + name, Input: name)).ToList();
        if (encoded.Count > 0)
        {
            pipeline = categorical switch
            {
                BaselineCategoricalEncoding.HashedOneHot => encoded.Aggregate(pipeline, (p, c) =>
                    p.Append(mlContext.Transforms.Categorical.OneHotHashEncoding(c.Output, c.Input, numberOfBits: hashBits))),
                BaselineCategoricalEncoding.OneHot => encoded.Aggregate(pipeline, (p, c) =>
                    p.Append(mlContext.Transforms.Categorical.OneHotEncoding(c.Output, c.Input))),
                BaselineCategoricalEncoding.Count => pipeline.Append(new CountEncodingEstimator(mlContext, encoded)),
                _ => throw new ArgumentOutOfRangeException(nameof(categorical), categorical, null),
            };
            parts.AddRange(encoded.Select(c => c.Output));
        }
        return pipeline.Append(mlContext.Transforms.Concatenate(FeatureColumnName, parts.ToArray()));
    }

    /// <summary>LightGBM with early stopping after 20 rounds without improvement on the validation rows given to Fit.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="labelColumnName">The Boolean label column (<see cref="LabelColumnName"/>).</param>
    /// <param name="options">Rounds, leaves, learning rate and least rows per leaf.</param>
    /// <param name="seed">LightGBM's seed.</param>
    /// <param name="threads">LightGBM's threads; null for ML.NET's default.</param>
    public static LightGbmBinaryTrainer LightGbm(MLContext mlContext, string labelColumnName, BaselineOptions options, int seed, int? threads = null)
        => mlContext.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = labelColumnName, FeatureColumnName = FeatureColumnName, NumberOfIterations = options.NumberOfTrees,
            NumberOfLeaves = options.NumberOfLeaves, LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf, EarlyStoppingRound = 20, Seed = seed,
            NumberOfThreads = threads, Verbose = false, Silent = true,
        });

    /// <summary>FastTree with the same tree settings and no early-stopping rule: ML.NET's FastTree rules watch the
    /// validation rows' 0/1 error rate at p = 0.5, which on CTR data stops after a handful of trees (see
    /// <see cref="FastTreeBaseline"/>, which picks the tree count by validation NE instead). Give it features without
    /// NaN (<see cref="BaselineDenseHandling.FillMissing"/>): FastTree skips every training row with a NaN feature.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="labelColumnName">The Boolean label column (<see cref="LabelColumnName"/>).</param>
    /// <param name="options">Trees, leaves, learning rate and least rows per leaf.</param>
    /// <param name="seed">FastTree's seed.</param>
    /// <param name="threads">FastTree's threads; null for ML.NET's default.</param>
    /// <param name="numberOfTrees">Trees to train; null for <see cref="BaselineOptions.NumberOfTrees"/>.</param>
    public static FastTreeBinaryTrainer FastTree(MLContext mlContext, string labelColumnName, BaselineOptions options, int seed, int? threads = null,
        int? numberOfTrees = null)
        => mlContext.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = labelColumnName, FeatureColumnName = FeatureColumnName, NumberOfTrees = numberOfTrees ?? options.NumberOfTrees,
            NumberOfLeaves = options.NumberOfLeaves, LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf, Seed = seed, NumberOfThreads = threads,
        });

    /// <summary>L-BFGS logistic regression (use with <c>Features(..., normalize: true)</c>).</summary>
    public static LbfgsLogisticRegressionBinaryTrainer LogisticRegression(MLContext mlContext, string labelColumnName)
        => mlContext.BinaryClassification.Trainers.LbfgsLogisticRegression(labelColumnName, FeatureColumnName);
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Rankitect.Baselines;

namespace Rankitect.Bench.Scoring;

/// <summary>
/// LightGBM and FastTree pipelines built the way <c>CompareWithBaselines</c> builds them (dense columns as Single
/// with NaN kept, categorical columns hashed one-hot, concatenated; settings from <see cref="BaselineOptions"/>).
/// That code is internal to the library, so this is a small restatement of its tree branch, not a copy of it.
/// </summary>
public static class TreeBaselines
{
    private const string FeatureColumn = "BaselineFeatures";

    public static IEstimator<ITransformer> FeaturePipeline(MLContext ml, IReadOnlyList<string> dense, IReadOnlyList<string> categorical, BaselineOptions options)
    {
        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        var parts = new List<string>();
        foreach (var name in dense)
        {
            pipeline = pipeline.Append(ml.Transforms.Conversion.ConvertType("Baseline.Dense." + name, name, DataKind.Single));
            parts.Add("Baseline.Dense." + name);
        }
        foreach (var name in categorical)
        {
            pipeline = pipeline.Append(ml.Transforms.Categorical.OneHotHashEncoding("Baseline.Categorical." + name, name, numberOfBits: options.HashBits));
            parts.Add("Baseline.Categorical." + name);
        }
        return pipeline.Append(ml.Transforms.Concatenate(FeatureColumn, parts.ToArray()));
    }

    public static LightGbmBinaryTrainer LightGbm(MLContext ml, BaselineOptions options, int seed, int threads) => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
    {
        FeatureColumnName = FeatureColumn, NumberOfIterations = options.NumberOfTrees, NumberOfLeaves = options.NumberOfLeaves,
        LearningRate = options.LearningRate, MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf,
        EarlyStoppingRound = 20, Seed = seed, NumberOfThreads = threads, Verbose = false, Silent = true,
    });

    public static FastTreeBinaryTrainer FastTree(MLContext ml, BaselineOptions options, int seed, int threads) => ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
    {
        FeatureColumnName = FeatureColumn, NumberOfTrees = options.NumberOfTrees, NumberOfLeaves = options.NumberOfLeaves,
        LearningRate = options.LearningRate, MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf,
        Seed = seed, NumberOfThreads = threads,
    });
}

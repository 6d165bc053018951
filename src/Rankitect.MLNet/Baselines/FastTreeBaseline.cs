using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Rankitect.Data;
using Rankitect.Evaluation;

namespace Rankitect.Baselines;

/// <summary>A FastTree baseline: the fitted featurization and model, and how its tree count was chosen.</summary>
/// <param name="Model">The featurization followed by the trained FastTree model (<c>LastTransformer</c>).</param>
/// <param name="NumberOfTrees">Trees of the returned model: the prefix of the full ensemble with the lowest validation NE.</param>
/// <param name="ValidationNe">Validation NE of the first k trees of the full ensemble, for k = 1 .. trees trained
/// (index k - 1).</param>
public sealed record FastTreeBaselineFit(TransformerChain<ITransformer> Model, int NumberOfTrees, IReadOnlyList<double> ValidationNe);

/// <summary>
/// FastTree as <c>CompareWithBaselines</c> trains it. Two things differ from plugging ML.NET's FastTree into a CTR
/// pipeline, and both made it worse than predicting the base rate on Criteo data:
/// <list type="bullet">
/// <item>Missing dense values are replaced by 0 with a missing-indicator slot per column
/// (<see cref="BaselineDenseHandling.FillMissing"/>). ML.NET's FastTree skips every training row that has a NaN
/// feature (a warning in the ML.NET log only); on Criteo almost every row misses some dense value, so it trained on
/// the 12% of the rows that miss none (a biased subset), and at scoring NaN falls to the right of every split.</item>
/// <item>The tree count is chosen by validation NE: the full ensemble of <see cref="BaselineOptions.NumberOfTrees"/>
/// trees is trained, the validation NE of each of its prefixes computed (per-tree outputs from ML.NET's tree
/// featurizer, probabilities through the model's own calibrator, NE by <see cref="CtrMetrics"/>), and the model
/// refitted with the best count (FastTree is deterministic for a seed, so the refit is that prefix). ML.NET's
/// early-stopping rules and pruning for FastTree watch the validation rows' 0/1 error rate at p = 0.5, which is flat on
/// CTR data while the scores still start from 0 (p = 0.5 for every row): its tolerant rule stopped after 4 trees.</item>
/// </list>
/// </summary>
public static class FastTreeBaseline
{
    private const string TreeOutputsColumn = "Baseline.TreeOutputs";

    /// <summary>Fits the featurization on <paramref name="train"/>, the full ensemble on the featurized training rows,
    /// picks the tree count by NE on <paramref name="validation"/> and refits with it.</summary>
    /// <param name="mlContext">The context.</param>
    /// <param name="roles">Label, dense and categorical columns.</param>
    /// <param name="options">Hash bits, trees (the most), leaves, learning rate, least rows per leaf.</param>
    /// <param name="train">Training rows.</param>
    /// <param name="validation">Validation rows: only the tree count is chosen on them.</param>
    /// <param name="seed">FastTree's seed.</param>
    /// <param name="threads">FastTree's threads; null for ML.NET's default.</param>
    public static FastTreeBaselineFit Fit(MLContext mlContext, CtrColumnRoles roles, BaselineOptions options, IDataView train,
        IDataView validation, int seed, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        var featurizer = BaselinePipelines.Featurizer(mlContext, roles, options, BaselineDenseHandling.FillMissing,
            BaselineCategoricalEncoding.HashedOneHot).Fit(train);
        var trainFeatures = mlContext.Data.Cache(featurizer.Transform(train));
        var validationFeatures = featurizer.Transform(validation);

        var full = BaselinePipelines.FastTree(mlContext, BaselinePipelines.LabelColumnName, options, seed, threads).Fit(trainFeatures);
        var validationNe = PrefixNe(mlContext, full.Model, validationFeatures);
        int best = 0;
        for (int k = 1; k < validationNe.Length; k++)
            if (validationNe[k] < validationNe[best])
                best = k;
        int trees = best + 1;
        var model = trees == validationNe.Length
            ? full
            : BaselinePipelines.FastTree(mlContext, BaselinePipelines.LabelColumnName, options, seed, threads, numberOfTrees: trees).Fit(trainFeatures);
        return new FastTreeBaselineFit(new TransformerChain<ITransformer>(featurizer, model), trees, validationNe);
    }

    /// <summary>Validation NE of the first k trees, k = 1 .. all, with the model's own calibrator.</summary>
    internal static double[] PrefixNe(MLContext mlContext, CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> model,
        IDataView features)
    {
        var ensemble = model.SubModel.TrainedTreeEnsemble;
        var outputs = mlContext.Transforms.FeaturizeByPretrainTreeEnsemble(new PretrainedTreeFeaturizationEstimator.Options
        {
            InputColumnName = BaselinePipelines.FeatureColumnName, TreesColumnName = TreeOutputsColumn, ModelParameters = model.SubModel,
        }).Fit(features).Transform(features);

        var labels = new List<float>();
        var treeOutputs = new List<float[]>(); // per row: each tree's output
        using (var cursor = outputs.GetRowCursor(new[] { outputs.Schema[BaselinePipelines.LabelColumnName], outputs.Schema[TreeOutputsColumn] }))
        {
            var getLabel = cursor.GetGetter<bool>(outputs.Schema[BaselinePipelines.LabelColumnName]);
            var getTrees = cursor.GetGetter<VBuffer<float>>(outputs.Schema[TreeOutputsColumn]);
            bool label = false;
            VBuffer<float> trees = default;
            while (cursor.MoveNext())
            {
                getLabel(ref label);
                getTrees(ref trees);
                labels.Add(label ? 1f : 0f);
                treeOutputs.Add(trees.DenseValues().ToArray());
            }
        }

        var labelArray = labels.ToArray();
        var scores = Enumerable.Repeat(ensemble.Bias, labelArray.Length).ToArray(); // the running score of each row
        var probabilities = new float[labelArray.Length];
        var ne = new double[ensemble.Trees.Count];
        for (int t = 0; t < ne.Length; t++)
        {
            for (int i = 0; i < scores.Length; i++)
            {
                scores[i] += ensemble.TreeWeights[t] * treeOutputs[i][t];
                probabilities[i] = model.Calibrator.PredictProbability((float)scores[i]);
            }
            ne[t] = CtrMetrics.Compute(labelArray, probabilities).NormalizedEntropy;
        }
        return ne;
    }
}

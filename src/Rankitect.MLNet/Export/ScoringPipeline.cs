using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Data;
using Rankitect.Featurize;
using Rankitect.Serving;

namespace Rankitect.Export;

/// <summary>Builds the saveable scoring chain: featurization, the ONNX network, the mapping to scalar columns.</summary>
internal static class ScoringPipeline
{
    public static ITransformer Build(MLContext mlContext, CtrFeaturization featurization, byte[] onnxModel, IDataView trainingData)
    {
        var inputs = new List<string>();
        if (featurization.Schema.DenseWidth > 0) inputs.Add(FeatureSchema.DenseColumnName);
        if (featurization.Schema.FieldCount > 0) inputs.Add(FeatureSchema.SparseCodesColumnName);
        var outputs = new[] { ScoreColumns.Logit, ScoreColumns.NetworkProbability };

        var featurized = featurization.Transformer.Transform(trainingData);
        using var stream = new MemoryStream(onnxModel, writable: false);
        var network = mlContext.Transforms.ApplyOnnxModel(outputs, inputs.ToArray(), stream).Fit(featurized);
        var scored = network.Transform(featurized);
        var mapping = mlContext.Transforms.CustomMapping(new ScoreMappingFactory().GetMapping(), ScoreColumns.MappingContractName).Fit(scored);
        // The featurized and raw network columns are intermediate: drop them so the output looks like any ML.NET
        // binary classifier's (input columns + Score, Probability, PredictedLabel).
        var cleanup = mlContext.Transforms.DropColumns(outputs.Concat(inputs).ToArray()).Fit(mapping.Transform(scored));
        return new TransformerChain<ITransformer>(featurization.Transformer, network, mapping, cleanup);
    }
}

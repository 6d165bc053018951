using Google.Protobuf;
using Rankitect.Data;
using Rankitect.SearchSpaces.Export;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Serving;

namespace Rankitect.Export;

/// <summary>
/// Exports a trained <see cref="CtrModule"/> to an ONNX model (opset <see cref="OnnxOpset.Version"/>) that scores the
/// featurized ML.NET columns directly, so ML.NET's <c>ApplyOnnxModel</c> can score it with no TorchSharp at run time.
/// </summary>
/// <remarks>
/// Inputs, named as the featurized columns (ML.NET matches ONNX tensors to columns by name), with a dynamic batch
/// dimension N: <see cref="FeatureSchema.DenseColumnName"/> float [N, D] (absent when D = 0) and
/// <see cref="FeatureSchema.SparseCodesColumnName"/> float [N, W] (absent when there are no fields), decoded inside
/// the graph into ids exactly as <see cref="SparseField.Decode"/> does. Outputs: <see cref="LogitColumnName"/> and
/// <see cref="ProbabilityColumnName"/>, both float [N, 1].
/// </remarks>
public static class CtrOnnxExporter
{
    /// <summary>Output tensor (and ML.NET column) holding the network's logit, float [N, 1]: <see cref="ScoreColumns.Logit"/>.</summary>
    public const string LogitColumnName = ScoreColumns.Logit;

    /// <summary>Output tensor (and ML.NET column) holding the click probability sigmoid(logit), float [N, 1]:
    /// <see cref="ScoreColumns.NetworkProbability"/>.</summary>
    public const string ProbabilityColumnName = ScoreColumns.NetworkProbability;

    /// <summary>Metadata key of the feature schema JSON (label, dense slots, fields with cardinality and code position).</summary>
    public const string FeatureSchemaMetadataKey = "rankitect.feature_schema";

    /// <summary>The exported model's inputs for <paramref name="schema"/>, i.e. the <c>inputColumnNames</c> to pass to
    /// ML.NET's <c>ApplyOnnxModel</c>: <see cref="FeatureSchema.DenseColumnName"/> unless D = 0, then
    /// <see cref="FeatureSchema.SparseCodesColumnName"/> unless there are no fields.</summary>
    public static string[] InputColumnNames(FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var names = new List<string>(2);
        if (schema.DenseWidth > 0)
            names.Add(FeatureSchema.DenseColumnName);
        if (schema.FieldCount > 0)
            names.Add(FeatureSchema.SparseCodesColumnName);
        return names.ToArray();
    }

    /// <summary>Exports <paramref name="model"/>, trained on data featurized as <paramref name="schema"/>, and returns the ONNX bytes.</summary>
    /// <exception cref="NotSupportedException">The model type has no ONNX export.</exception>
    public static byte[] Export(CtrModule model, FeatureSchema schema) => Build(model, schema, info: null).ToByteArray();

    /// <summary>Exports <paramref name="model"/> with <paramref name="info"/> in the model's metadata under
    /// <see cref="RankitectModelInfo.MetadataKey"/>: the ONNX bytes a fit stores in its model zip.</summary>
    internal static byte[] Export(CtrModule model, FeatureSchema schema, RankitectModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return Build(model, schema, info).ToByteArray();
    }

    /// <summary>Exports <paramref name="model"/>, trained on data featurized as <paramref name="schema"/>, to <paramref name="destination"/>.</summary>
    /// <exception cref="NotSupportedException">The model type has no ONNX export.</exception>
    public static void Export(CtrModule model, FeatureSchema schema, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Build(model, schema, info: null).WriteTo(destination);
    }

    private static Onnx.ModelProto Build(CtrModule model, FeatureSchema schema, RankitectModelInfo? info)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(schema);
        if (schema.DenseWidth == 0 && schema.FieldCount == 0)
            throw new ArgumentException("The feature schema has neither dense inputs nor fields.", nameof(schema));

        var graph = new OnnxGraphBuilder(model.GetName());
        var dense = schema.DenseWidth > 0
            ? graph.AddInput(FeatureSchema.DenseColumnName, OnnxElementType.Float, schema.DenseWidth)
            : null;
        string? ids = null;
        if (schema.FieldCount > 0)
        {
            var codes = graph.AddInput(FeatureSchema.SparseCodesColumnName, OnnxElementType.Float, schema.SparseCodeWidth);
            ids = SparseCodeDecoder.AddDecode(graph, codes, schema.Fields);
        }

        var logits = model.ExportOnnx(graph, dense, ids);
        // ML.NET reads every ONNX output as a vector column; [N, 1] makes each row a 1-slot vector.
        var logit = graph.AddNode("Unsqueeze", [logits, graph.AddInt64Constant("logit_axis", [1])], output: LogitColumnName);
        graph.AddNode("Sigmoid", [logit], output: ProbabilityColumnName);
        graph.AddOutput(LogitColumnName, OnnxElementType.Float, 1);
        graph.AddOutput(ProbabilityColumnName, OnnxElementType.Float, 1);

        var doc = $"Rankitect {model.GetType().Name} '{model.GetName()}' ({model.ParameterCount:N0} parameters) for {schema}. "
            + $"Inputs: the featurized columns {FeatureSchema.DenseColumnName} and {FeatureSchema.SparseCodesColumnName}; "
            + $"outputs: {LogitColumnName} and {ProbabilityColumnName} (sigmoid of the logit).";
        var metadata = new List<KeyValuePair<string, string>> { KeyValuePair.Create(FeatureSchemaMetadataKey, FeatureSchemaJson.Write(schema)) };
        if (info is not null)
            metadata.Add(KeyValuePair.Create(RankitectModelInfo.MetadataKey, info.ToJson()));
        return OnnxModelFactory.Create(graph.ToGraph(), doc, metadata);
    }
}

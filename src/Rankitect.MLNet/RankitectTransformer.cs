using Rankitect.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rankitect;

/// <summary>
/// A fitted Rankitect model. Scoring is done by ML.NET's own saveable transformers: the featurization, the network
/// as an ONNX model (<c>ApplyOnnxModel</c>) and a weight-free mapping to Score / Probability / PredictedLabel. So
/// <c>mlContext.Model.Save</c> writes an ordinary model zip that an app loads with <c>mlContext.Model.Load</c>
/// and scores with nothing but Microsoft.ML, ONNX Runtime and Rankitect.Scoring (no TorchSharp).
/// </summary>
public sealed class RankitectTransformer : ISingleFeaturePredictionTransformer<RankitectModelParameters>, ICanSaveModel
{
    private readonly ITransformer _scoring;

    internal RankitectTransformer(ITransformer scoring, RankitectModelParameters model)
    {
        _scoring = scoring;
        Model = model;
    }

    /// <summary>The architecture, cost, validation metrics and search history.</summary>
    public RankitectModelParameters Model { get; }

    /// <summary>The featurized dense column the network reads (categorical ids travel in
    /// <see cref="FeatureSchema.SparseCodesColumnName"/>).</summary>
    public string FeatureColumnName => FeatureSchema.DenseColumnName;

    /// <summary>Type of <see cref="FeatureColumnName"/>.</summary>
    public DataViewType FeatureColumnType => new VectorDataViewType(NumberDataViewType.Single, Math.Max(1, Model.FeatureSchema.DenseWidth));

    /// <inheritdoc/>
    public bool IsRowToRowMapper => _scoring.IsRowToRowMapper;

    /// <inheritdoc/>
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _scoring.GetOutputSchema(inputSchema);

    /// <inheritdoc/>
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _scoring.GetRowToRowMapper(inputSchema);

    /// <inheritdoc/>
    public IDataView Transform(IDataView input) => _scoring.Transform(input);

    /// <summary>Writes the network alone as an ONNX file any ONNX runtime can serve; its inputs are the featurized
    /// columns (see <see cref="RankitectModelParameters.FeatureSchema"/>), its metadata holds
    /// <see cref="RankitectModelParameters.Info"/> (read it with <see cref="Serving.RankitectModelInfo.FromOnnxModel"/>).</summary>
    public void ExportOnnx(Stream destination) => destination.Write(Model.OnnxModel);

    /// <summary>Saves the built-in transformers that do the scoring; loading the zip gives them back.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)_scoring).Save(ctx);
}

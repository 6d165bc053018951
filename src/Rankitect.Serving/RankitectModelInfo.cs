using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.ML;

namespace Rankitect.Serving;

/// <summary>
/// What a Rankitect model is, stored inside its model zip: the architecture, its cost, the features it reads, its
/// validation quality, the settings of the fit and every trial of the search. A production app reads it with
/// <see cref="Load(string)"/> or <see cref="FromTransformer(ITransformer)"/>, with no TorchSharp and no Rankitect.MLNet.
/// </summary>
/// <remarks>
/// The info is JSON (<see cref="ToJson(bool)"/>) stored in the metadata of the ONNX network inside the zip, under the
/// key <see cref="MetadataKey"/>, so it also travels with the network exported alone
/// (<c>RankitectTransformer.ExportOnnx</c>; read it with <see cref="FromOnnxModel(Stream)"/>). Doubles are written at full
/// precision and NaN as <c>"NaN"</c>. Readers ignore properties they do not know, so newer files stay readable.
/// </remarks>
public sealed class RankitectModelInfo
{
    /// <summary>The format version this assembly writes: 1.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The ONNX metadata key (<c>ModelProto.metadata_props</c>) holding the JSON.</summary>
    public const string MetadataKey = "rankitect.model_info";

    /// <summary>The ONNX metadata key holding the lower-case hex SHA-256 of the serialized graph (<c>ModelProto.graph</c>:
    /// nodes and weights), written at export and checked by every Rankitect reader.</summary>
    public const string GraphHashKey = "rankitect.graph_sha256";

    private static readonly JsonSerializerOptions Compact = CreateJsonOptions(indented: false);
    private static readonly JsonSerializerOptions Indented = CreateJsonOptions(indented: true);

    private readonly IReadOnlyDictionary<string, JsonElement> _options = ReadOnlyDictionary<string, JsonElement>.Empty;
    private readonly IReadOnlyList<RankitectTrialInfo> _trials = [];
    private readonly IReadOnlyList<RankitectEnsembleMemberInfo> _ensembleMembers = [];
    private readonly IReadOnlyDictionary<string, string> _hyperparameters = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>Version of this format; a file written by a newer Rankitect may carry a higher number.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Informational version of the Rankitect assembly that fitted the model.</summary>
    public string RankitectVersion { get; init; } = "";

    /// <summary>When the model was fitted (UTC).</summary>
    public DateTime CreatedAtUtc { get; init; }

    /// <summary>Name of the searched space, e.g. <c>dlrm</c>, <c>block-small</c>.</summary>
    public string SearchSpace { get; init; } = "";

    /// <summary>Name of the strategy as it reports itself, e.g. <c>dnas</c>, <c>regularized-evolution</c>, <c>fixed-dlrm</c>.</summary>
    public string StrategyName { get; init; } = "";

    /// <summary>The chosen architecture, readable.</summary>
    public string Architecture { get; init; } = "";

    /// <summary>The chosen architecture as JSON (the search space rebuilds the same network from it).</summary>
    public string ArchitectureJson { get; init; } = "";

    /// <summary>FLOPs per example of the scoring network (multiply-add = 2; embedding lookups 0); an ensemble's are the
    /// sum of its members'.</summary>
    public long Flops { get; init; }

    /// <summary>The networks of an ensemble model, whose click probability is the mean of theirs (architecture, FLOPs,
    /// parameters, validation NE and training recipe of each); empty for a single network.</summary>
    public IReadOnlyList<RankitectEnsembleMemberInfo> EnsembleMembers
    {
        get => _ensembleMembers;
        init => _ensembleMembers = value?.ToArray() ?? [];
    }

    /// <summary>True when the model is an ensemble (<see cref="EnsembleMembers"/> is not empty).</summary>
    [JsonIgnore]
    public bool IsEnsemble => _ensembleMembers.Count > 0;

    /// <summary>Trainable parameters of the network, embedding rows included.</summary>
    public long Parameters { get; init; }

    /// <summary>The input columns and what featurization made of them.</summary>
    public RankitectFeatureInfo Features { get; init; } = new();

    /// <summary>Validation metrics of the returned network.</summary>
    public RankitectValidationInfo Validation { get; init; } = new();

    /// <summary>True when the fit was cancelled (or ran out of its time budget) and the model is the best found before that.</summary>
    public bool Cancelled { get; init; }

    /// <summary>True when the same data, options, seed and thread count fit this model again to the last bit
    /// (Deterministic on, no cancellation or time budget stopped any phase). False in files written before it existed.</summary>
    public bool Reproducible { get; init; }

    /// <summary>Wall seconds of the architecture search proper (0 for a fixed architecture).</summary>
    public double SearchSeconds { get; init; }

    /// <summary>Wall seconds of training the returned network.</summary>
    public double TrainSeconds { get; init; }

    /// <summary>Wall seconds of the training-recipe search (part of <see cref="TrainSeconds"/>; 0 when none ran or in
    /// files written before it was recorded).</summary>
    public double TuningSeconds { get; init; }

    /// <summary>The training recipe the returned network trained with (optimizer, learningRate, embeddingLearningRate,
    /// weightDecay, embeddingL2, batchSize as invariant-culture text): the default recipe, or the one the hyperparameter
    /// search chose, plus calibrationScale and calibrationBias when the network's logit is Platt-scaled. Empty in models
    /// written before it was recorded.</summary>
    public IReadOnlyDictionary<string, string> Hyperparameters
    {
        get => _hyperparameters;
        init => _hyperparameters = value is null
            ? ReadOnlyDictionary<string, string>.Empty
            : new ReadOnlyDictionary<string, string>(value.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
    }

    /// <summary>The seed the fit used (given, or drawn from the MLContext).</summary>
    public int Seed { get; init; }

    /// <summary>
    /// The effective settings of the fit, flat: each key is the path of a <c>RankitectOptions</c> property in camel
    /// case (<c>strategy</c>, <c>flopsBudget</c>, <c>featurization.encoding</c>, <c>training.maxEpochs</c>,
    /// <c>search.searchEpochs</c>, ...), each value a JSON string, number, Boolean, array or null. Enums are their
    /// names, durations seconds. <c>seed</c>, <c>threads</c> and <c>training.*</c> are the values actually used; only
    /// the options of the chosen strategy and space are listed.
    /// </summary>
    public IReadOnlyDictionary<string, JsonElement> Options
    {
        get => _options;
        init => _options = value is null
            ? ReadOnlyDictionary<string, JsonElement>.Empty
            : new ReadOnlyDictionary<string, JsonElement>(value.ToDictionary(p => p.Key, p => p.Value.Clone(), StringComparer.Ordinal));
    }

    /// <summary>Every architecture the search evaluated, in evaluation order (the returned one included).</summary>
    public IReadOnlyList<RankitectTrialInfo> Trials { get => _trials; init => _trials = value?.ToArray() ?? []; }

    /// <summary>The info as JSON: camel-case properties, doubles at full precision, NaN and infinities as strings.</summary>
    /// <param name="indented">Pretty-print (for people); the stored form is compact.</param>
    public string ToJson(bool indented = false) => JsonSerializer.Serialize(this, indented ? Indented : Compact);

    /// <summary>Reads info written by <see cref="ToJson(bool)"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not Rankitect model info.</exception>
    public static RankitectModelInfo FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        RankitectModelInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<RankitectModelInfo>(json, Compact);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The text is not Rankitect model info: {e.Message}", e);
        }
        if (info is null || info.FormatVersion < 1)
            throw new InvalidDataException("The text is not Rankitect model info: it has no formatVersion.");
        return info;
    }

    /// <summary>Reads the info of the model zip at <paramref name="zipPath"/> (written by <c>mlContext.Model.Save</c>).</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is not a zip, or holds no Rankitect model info (the message names the file).</exception>
    public static RankitectModelInfo Load(string zipPath)
    {
        ArgumentNullException.ThrowIfNull(zipPath);
        using var stream = File.OpenRead(zipPath);
        return ModelZipReader.Read(stream, $"'{zipPath}'");
    }

    /// <summary>Reads the info of a model zip from <paramref name="zipStream"/> (readable; it is read, not closed).</summary>
    /// <exception cref="InvalidDataException">The stream is not a zip, or holds no Rankitect model info.</exception>
    public static RankitectModelInfo FromStream(Stream zipStream)
    {
        ArgumentNullException.ThrowIfNull(zipStream);
        return ModelZipReader.Read(zipStream, "the stream");
    }

    /// <summary>Reads the info of a loaded (or fitted) model, e.g. what <c>mlContext.Model.Load</c> returned.</summary>
    /// <remarks>ML.NET keeps a loaded ONNX model's bytes internal, so the model is saved to memory and read back: this
    /// costs about the model's size in memory and time; call it once, not per request.</remarks>
    /// <exception cref="InvalidDataException">The model holds no Rankitect model info.</exception>
    public static RankitectModelInfo FromTransformer(ITransformer model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var zip = new MemoryStream();
        new MLContext().Model.Save(model, inputSchema: null, zip);
        zip.Position = 0;
        return ModelZipReader.Read(zip, "the model");
    }

    /// <summary>Reads the info from an ONNX network exported alone (<c>RankitectTransformer.ExportOnnx</c>).</summary>
    /// <exception cref="InvalidDataException">The stream is not an ONNX model, or its metadata holds no Rankitect model info.</exception>
    public static RankitectModelInfo FromOnnxModel(Stream onnxModel)
    {
        ArgumentNullException.ThrowIfNull(onnxModel);
        var json = OnnxMetadataReader.Find(onnxModel, MetadataKey)
            ?? throw new InvalidDataException($"The ONNX model has no '{MetadataKey}' metadata: it was not exported by Rankitect, or by a version before model info.");
        return FromJson(json);
    }

    private static JsonSerializerOptions CreateJsonOptions(bool indented) => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // NaN is a legitimate value here (AUC of one class, metrics of a failed trial).
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        WriteIndented = indented,
    };
}

namespace Rankitect.Serving;

/// <summary>The features a Rankitect model reads: its input columns and what featurization made of them.</summary>
public sealed class RankitectFeatureInfo
{
    private readonly IReadOnlyList<string> _denseColumnNames = [];
    private readonly IReadOnlyList<string> _categoricalColumnNames = [];
    private readonly IReadOnlyList<int> _fieldCardinalities = [];

    /// <summary>The label column the model was trained on.</summary>
    public string LabelColumnName { get; init; } = "";

    /// <summary>The dense (numeric or Boolean) input columns, in the order they fill the dense vector.</summary>
    public IReadOnlyList<string> DenseColumnNames { get => _denseColumnNames; init => _denseColumnNames = value?.ToArray() ?? []; }

    /// <summary>The categorical (Text or key) input columns, one embedded field each, in field order.</summary>
    public IReadOnlyList<string> CategoricalColumnNames { get => _categoricalColumnNames; init => _categoricalColumnNames = value?.ToArray() ?? []; }

    /// <summary>Width of the featurized dense vector the network reads (a vector column counts its slots; missing
    /// indicators add one slot per dense slot).</summary>
    public int DenseWidth { get; init; }

    /// <summary>Embedding rows of each categorical field, in the order of <see cref="CategoricalColumnNames"/>;
    /// id 0 is the shared out-of-vocabulary / missing row.</summary>
    public IReadOnlyList<int> FieldCardinalities { get => _fieldCardinalities; init => _fieldCardinalities = value?.ToArray() ?? []; }

    /// <summary>How categorical values became ids: <c>Vocabulary</c> (fitted on the training rows) or <c>Hashing</c>.</summary>
    public string CategoricalEncoding { get; init; } = "";
}

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Rankitect.Data;

namespace Rankitect.Featurize;

/// <summary>A fitted featurization: ML.NET built-in transforms (saved in a model zip and replayed identically at
/// scoring) and the <see cref="FeatureSchema"/> they produce.</summary>
/// <param name="Transformer">The fitted transforms; its output adds <see cref="FeatureSchema.DenseColumnName"/> and
/// <see cref="FeatureSchema.SparseCodesColumnName"/> to the input columns.</param>
/// <param name="Schema">Dense width and per-field cardinalities.</param>
/// <param name="Roles">The column roles the featurization was fitted with.</param>
public sealed record CtrFeaturization(ITransformer Transformer, FeatureSchema Schema, CtrColumnRoles Roles);

/// <summary>
/// Turns CTR columns into network inputs with ML.NET's built-in transforms only: dense columns become one
/// Single vector with missing values replaced by 0 (plus optional missing indicators); categorical columns become
/// ids from a per-field vocabulary with a minimum count, or from hashing, with id 0 for out-of-vocabulary and missing.
/// </summary>
public sealed class CtrFeaturizer
{
    private const string TempPrefix = "RankitectTmp.";
    private readonly MLContext _mlContext;
    private readonly CtrFeaturizerOptions _options;

    /// <summary>Creates a featurizer.</summary>
    public CtrFeaturizer(MLContext mlContext, CtrFeaturizerOptions? options = null)
    {
        _mlContext = mlContext ?? throw new ArgumentNullException(nameof(mlContext));
        _options = options ?? new CtrFeaturizerOptions();
        _options.Validate();
    }

    /// <summary>Fits vocabularies (one pass over <paramref name="trainingData"/>) and the ML.NET transforms.</summary>
    public CtrFeaturization Fit(IDataView trainingData, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainingData);
        var roles = CtrColumnRoles.Resolve(trainingData.Schema, _options.Columns);
        var schema = trainingData.Schema;

        IEstimator<ITransformer> pipeline = new EstimatorChain<ITransformer>();
        var temporaries = new List<string>();
        string Temp(string name) { var t = TempPrefix + name; temporaries.Add(t); return t; }

        // Dense: every column as Single, one vector, NaN -> 0.
        var denseInputs = new List<string>();
        foreach (var name in roles.DenseColumnNames)
        {
            var itemType = schema[name].Type is VectorDataViewType vector ? vector.ItemType : schema[name].Type;
            if (itemType.Equals(NumberDataViewType.Single))
            {
                denseInputs.Add(name);
                continue;
            }
            var converted = Temp("Single." + name);
            pipeline = pipeline.Append(_mlContext.Transforms.Conversion.ConvertType(converted, name, DataKind.Single));
            denseInputs.Add(converted);
        }
        if (denseInputs.Count > 0)
        {
            var raw = Temp("DenseRaw");
            pipeline = pipeline.Append(_mlContext.Transforms.Concatenate(raw, denseInputs.ToArray()));
            if (_options.AddMissingIndicators)
            {
                var values = Temp("DenseValues");
                var indicators = Temp("DenseMissing");
                var indicatorSingles = Temp("DenseMissingSingle");
                pipeline = pipeline
                    .Append(_mlContext.Transforms.ReplaceMissingValues(values, raw, MissingValueReplacingEstimator.ReplacementMode.DefaultValue))
                    .Append(_mlContext.Transforms.IndicateMissingValues(indicators, raw))
                    .Append(_mlContext.Transforms.Conversion.ConvertType(indicatorSingles, indicators, DataKind.Single))
                    .Append(_mlContext.Transforms.Concatenate(FeatureSchema.DenseColumnName, values, indicatorSingles));
            }
            else
            {
                pipeline = pipeline.Append(_mlContext.Transforms.ReplaceMissingValues(
                    FeatureSchema.DenseColumnName, raw, MissingValueReplacingEstimator.ReplacementMode.DefaultValue));
            }
        }

        // Categorical: value -> key (vocabulary with minimum count, hash, or the column's own key) -> binary code.
        var textFields = roles.CategoricalColumnNames.Where(n => schema[n].Type is TextDataViewType).ToList();
        var vocabularies = _options.Encoding == CategoricalEncoding.Vocabulary && textFields.Count > 0
            ? VocabularyCounter.Count(trainingData, textFields, _options.MinimumCount, _options.MaximumVocabularySize, cancellationToken)
            : null;
        var codeColumns = new List<string>();
        var keyColumns = new List<string>();
        foreach (var name in roles.CategoricalColumnNames)
        {
            string key;
            if (schema[name].Type is KeyDataViewType)
            {
                key = name;
            }
            else if (vocabularies is not null)
            {
                key = Temp("Key." + name);
                var vocabulary = vocabularies[textFields.IndexOf(name)];
                var keyData = _mlContext.Data.LoadFromEnumerable(vocabulary.Select(v => new VocabularyEntry { Value = v }));
                pipeline = pipeline.Append(_mlContext.Transforms.Conversion.MapValueToKey(
                    key, name, keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence, keyData: keyData));
            }
            else
            {
                key = Temp("Hash." + name);
                pipeline = pipeline.Append(_mlContext.Transforms.Conversion.Hash(key, name, numberOfBits: _options.HashBits));
            }
            keyColumns.Add(key);
            var code = Temp("Code." + name);
            pipeline = pipeline.Append(_mlContext.Transforms.Conversion.MapKeyToBinaryVector(code, key));
            codeColumns.Add(code);
        }
        if (codeColumns.Count > 0)
            pipeline = pipeline.Append(_mlContext.Transforms.Concatenate(FeatureSchema.SparseCodesColumnName, codeColumns.ToArray()));

        ITransformer withTemporaries = pipeline.Fit(trainingData);
        if (TypeCheck(trainingData, roles, Temp) is { } typeCheck)
            withTemporaries = typeCheck.Append(withTemporaries);
        var transformed = withTemporaries.GetOutputSchema(schema);
        var fields = new List<SparseField>();
        int offset = 0;
        for (int f = 0; f < codeColumns.Count; f++)
        {
            var name = roles.CategoricalColumnNames[f];
            int width = ((VectorDataViewType)transformed[codeColumns[f]].Type).Size;
            ulong keyCount = ((KeyDataViewType)transformed[keyColumns[f]].Type).Count;
            if (keyCount + 1 > int.MaxValue || (1UL << width) <= keyCount)
                throw new InvalidOperationException($"Categorical column '{name}' has {keyCount} keys, more than Rankitect can code in {width} binary slots.");
            fields.Add(new SparseField(name, (int)keyCount + 1, offset, width));
            offset += width;
        }

        ITransformer transformer = temporaries.Count == 0
            ? withTemporaries
            : withTemporaries.Append(_mlContext.Transforms.DropColumns(temporaries.ToArray()).Fit(withTemporaries.Transform(trainingData)));

        var denseSlots = DenseSlotNames(schema, roles.DenseColumnNames);
        if (_options.AddMissingIndicators)
            denseSlots = denseSlots.Concat(denseSlots.Select(s => s + ".Missing")).ToList();
        var featureSchema = new FeatureSchema(roles.LabelColumnName, denseSlots, fields);
        return new CtrFeaturization(transformer, featureSchema, roles);
    }

    // Scoring rows with a column of the wrong type must fail naming that column. ML.NET's Concatenate expects every column
    // to have the type of the first, so a wrong first dense column is reported as the second one; a vocabulary lookup
    // reports its temporary output column; hashing accepts any type silently. Transforms that check each column under
    // its own name ("Schema mismatch for input column 'I1': expected ... Single, got String") run first and travel in the
    // saved zip: a normalizer for the Single and Double dense columns (fitted on one row) and a text normalizer for
    // each Text categorical one. Their outputs are dropped, so they cost neither a pass over the data nor scoring time.
    private ITransformer? TypeCheck(IDataView trainingData, CtrColumnRoles roles, Func<string, string> temp)
    {
        static DataViewType Item(DataViewType type) => type is VectorDataViewType vector ? vector.ItemType : type;
        var schema = trainingData.Schema;
        var floating = roles.DenseColumnNames.Where(name => Item(schema[name].Type) is var t
            && (t.Equals(NumberDataViewType.Single) || t.Equals(NumberDataViewType.Double))).ToArray();
        var text = roles.CategoricalColumnNames.Where(name => schema[name].Type is TextDataViewType).ToArray();
        ITransformer? check = null;
        if (floating.Length > 0)
            check = _mlContext.Transforms.NormalizeMinMax(floating.Select(name => new InputOutputColumnPair(temp("TypeCheck." + name), name)).ToArray())
                .Fit(_mlContext.Data.TakeRows(trainingData, 1));
        if (text.Length > 0)
        {
            var normalizers = text.Aggregate(new EstimatorChain<ITransformer>(),
                (chain, name) => chain.Append<ITransformer>(_mlContext.Transforms.Text.NormalizeText(temp("TypeCheck." + name), name)));
            var textCheck = normalizers.Fit(_mlContext.Data.TakeRows(trainingData, 1));
            check = check is null ? textCheck : check.Append(textCheck);
        }
        return check;
    }

    /// <summary>The dense width a featurization of <paramref name="schema"/> with <paramref name="roles"/> has, known
    /// before fitting: one slot per dense scalar and per element of a dense vector, twice that with missing indicators.</summary>
    internal static int DenseWidth(DataViewSchema schema, CtrColumnRoles roles, bool addMissingIndicators)
        => DenseSlotNames(schema, roles.DenseColumnNames).Count * (addMissingIndicators ? 2 : 1);

    private static List<string> DenseSlotNames(DataViewSchema schema, IReadOnlyList<string> columns)
    {
        var names = new List<string>();
        foreach (var name in columns)
        {
            if (schema[name].Type is VectorDataViewType vector)
                names.AddRange(Enumerable.Range(0, vector.Size).Select(i => $"{name}[{i}]"));
            else
                names.Add(name);
        }
        return names;
    }

    private sealed class VocabularyEntry
    {
        public string Value { get; set; } = "";
    }
}

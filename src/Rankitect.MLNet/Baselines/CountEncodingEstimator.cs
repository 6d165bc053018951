using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Featurize;

namespace Rankitect.Baselines;

/// <summary>
/// Count (frequency) encoding of Text columns, fitted on the training rows: each output column (Single) holds how many
/// training rows have the input's value; a missing (empty) value, or one not seen in training, gives 0. The fitted
/// transformer is ML.NET's own value mapping (<c>MapValue</c>) with the counts as its lookup table, so it saves into a
/// model zip like any built-in transform.
/// </summary>
internal sealed class CountEncodingEstimator : IEstimator<ITransformer>
{
    private readonly MLContext _ml;
    private readonly (string Output, string Input)[] _columns;

    /// <summary>Creates the estimator for (output, input) column pairs; the inputs must be Text.</summary>
    public CountEncodingEstimator(MLContext mlContext, IReadOnlyList<(string Output, string Input)> columns)
    {
        _ml = mlContext ?? throw new ArgumentNullException(nameof(mlContext));
        _columns = columns?.ToArray() ?? throw new ArgumentNullException(nameof(columns));
    }

    /// <inheritdoc/>
    public ITransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckText(input.Schema);
        var counts = VocabularyCounter.Frequencies(input, _columns.Select(c => c.Input).ToList());
        return Mapping(counts).Fit(input);
    }

    /// <inheritdoc/>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
        => Mapping(_columns.Select(_ => new Dictionary<string, int>()).ToArray()).GetOutputSchema(inputSchema);

    private IEstimator<ITransformer> Mapping(IReadOnlyList<Dictionary<string, int>> counts)
    {
        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        for (int c = 0; c < _columns.Length; c++)
        {
            // An empty table would have no key type to map from: one entry for the missing value, whose count is 0.
            var entries = counts[c].Select(kv => new CountEntry { Value = kv.Key, Count = kv.Value }).DefaultIfEmpty(new CountEntry { Value = "", Count = 0 });
            var table = _ml.Data.LoadFromEnumerable(entries.ToList());
            chain = chain.Append(_ml.Transforms.Conversion.MapValue(_columns[c].Output, table,
                table.Schema[nameof(CountEntry.Value)], table.Schema[nameof(CountEntry.Count)], _columns[c].Input));
        }
        return chain;
    }

    private void CheckText(DataViewSchema schema)
    {
        foreach (var (_, input) in _columns)
        {
            if (schema.GetColumnOrNull(input) is not { } column)
                throw new ArgumentException($"Column '{input}' is not in the data.", nameof(schema));
            if (column.Type is not TextDataViewType)
                throw new ArgumentException($"Count encoding takes Text columns; '{input}' is {column.Type}.", nameof(schema));
        }
    }

    private sealed class CountEntry
    {
        public string Value { get; set; } = "";
        public float Count { get; set; }
    }
}

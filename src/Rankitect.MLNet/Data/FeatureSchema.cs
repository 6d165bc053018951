namespace Rankitect.Data;

/// <summary>One categorical field after featurization.</summary>
/// <param name="Name">The source column.</param>
/// <param name="Cardinality">Embedding rows the field needs: its ids are 0 (out-of-vocabulary or missing) to Cardinality - 1.</param>
/// <param name="CodeOffset">Where the field's code starts in the <see cref="FeatureSchema.SparseCodesColumnName"/> vector.</param>
/// <param name="CodeWidth">Slots of the field's code (binary digits of its key, most significant first).</param>
public sealed record SparseField(string Name, int Cardinality, int CodeOffset, int CodeWidth)
{
    /// <summary>Decodes one field's binary code into its id. ML.NET writes key k as the binary digits of k - 1,
    /// so the missing key 0 becomes all ones; adding one modulo 2^width maps it back to 0.</summary>
    public int Decode(ReadOnlySpan<float> codes)
    {
        long value = 0;
        for (int i = 0; i < CodeWidth; i++)
            value = (value << 1) | (codes[CodeOffset + i] != 0f ? 1L : 0L);
        return (int)((value + 1) & ((1L << CodeWidth) - 1));
    }
}

/// <summary>
/// What the network sees after featurization: a dense vector of <see cref="DenseWidth"/> floats and one id per
/// categorical field. The featurized <see cref="Microsoft.ML.IDataView"/> carries the dense vector in
/// <see cref="DenseColumnName"/> and the fields' ids, binary-coded, in <see cref="SparseCodesColumnName"/>
/// (ML.NET's built-in transforms cannot turn a key into a plain integer; a binary code is their exact way to).
/// </summary>
public sealed record FeatureSchema(
    string LabelColumnName,
    IReadOnlyList<string> DenseSlotNames,
    IReadOnlyList<SparseField> Fields)
{
    /// <summary>The featurized dense vector column: missing values replaced by 0, no scaling (the network
    /// applies log(max(x, 0) + 1) itself, so the same graph serves training and scoring).</summary>
    public const string DenseColumnName = "RankitectDense";

    /// <summary>The featurized vector of binary-coded categorical ids, fields one after another.</summary>
    public const string SparseCodesColumnName = "RankitectSparseCodes";

    /// <summary>Number of dense inputs.</summary>
    public int DenseWidth => DenseSlotNames.Count;

    /// <summary>Number of categorical fields.</summary>
    public int FieldCount => Fields.Count;

    /// <summary>Length of the <see cref="SparseCodesColumnName"/> vector.</summary>
    public int SparseCodeWidth => Fields.Count == 0 ? 0 : Fields[^1].CodeOffset + Fields[^1].CodeWidth;

    /// <summary>Per-field cardinalities, in field order.</summary>
    public int[] Cardinalities => Fields.Select(f => f.Cardinality).ToArray();

    /// <summary>A one-line summary for logs.</summary>
    public override string ToString()
        => $"{DenseWidth} dense, {FieldCount} categorical fields ({Fields.Sum(f => (long)f.Cardinality):N0} embedding rows in all)";
}

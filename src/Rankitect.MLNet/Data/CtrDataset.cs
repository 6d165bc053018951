using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rankitect.Data;

/// <summary>
/// Featurized CTR rows held as compact columnar arrays: per row 4 × (DenseWidth + FieldCount + 1) bytes
/// (dense floats, 32-bit field ids, the label), e.g. 160 bytes for Criteo's 13 dense + 26 categorical fields,
/// 1.6 GB for 10 million rows. Rows live in fixed-size chunks, so loading never copies a giant array and there is
/// no managed object per row. A dataset can be a view (<see cref="Select"/>) that shares its parent's storage.
/// </summary>
public sealed class CtrDataset
{
    private const int ChunkShift = 16;
    private const int ChunkSize = 1 << ChunkShift;
    private const int ChunkMask = ChunkSize - 1;

    private readonly Storage _storage;
    private readonly int[]? _rows;

    private CtrDataset(Storage storage, int[]? rows)
    {
        _storage = storage;
        _rows = rows;
    }

    /// <summary>The features this data was featurized into.</summary>
    public FeatureSchema Schema => _storage.Schema;

    /// <summary>Number of rows.</summary>
    public int Count => _rows?.Length ?? _storage.Count;

    /// <summary>Bytes of storage per row.</summary>
    public int BytesPerRow => sizeof(float) * (Schema.DenseWidth + Schema.FieldCount + 1);

    /// <summary>Reads a featurized view (the output of the featurizer, <c>CtrFeaturization.Transformer</c>, laid out as <see cref="FeatureSchema"/> says) into memory.</summary>
    /// <exception cref="InvalidDataException">A label is not 0/1, or a dense value is infinite; the message names the row.</exception>
    public static CtrDataset Load(IDataView featurized, FeatureSchema schema, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(featurized);
        ArgumentNullException.ThrowIfNull(schema);
        var storage = new Storage(schema);
        var needed = new List<DataViewSchema.Column> { Find(featurized.Schema, schema.LabelColumnName, "label") };
        if (schema.DenseWidth > 0) needed.Add(Find(featurized.Schema, FeatureSchema.DenseColumnName, "dense"));
        if (schema.FieldCount > 0) needed.Add(Find(featurized.Schema, FeatureSchema.SparseCodesColumnName, "sparse code"));

        using var cursor = featurized.GetRowCursor(needed);
        var label = LabelReader.Create(cursor, needed[0]);
        var denseGetter = schema.DenseWidth > 0 ? cursor.GetGetter<VBuffer<float>>(featurized.Schema[FeatureSchema.DenseColumnName]) : null;
        var codeGetter = schema.FieldCount > 0 ? cursor.GetGetter<VBuffer<float>>(featurized.Schema[FeatureSchema.SparseCodesColumnName]) : null;
        VBuffer<float> dense = default, codes = default;
        var denseRow = new float[schema.DenseWidth];
        var codeRow = new float[schema.SparseCodeWidth];
        var idRow = new int[schema.FieldCount];
        long row = 0;
        while (cursor.MoveNext())
        {
            if (row % DataSplits.CancellationCheckRows == 0)
                cancellationToken.ThrowIfCancellationRequested();
            float y = label(row);
            if (denseGetter is not null)
            {
                denseGetter(ref dense);
                dense.CopyTo(denseRow);
                for (int j = 0; j < denseRow.Length; j++)
                {
                    if (!float.IsFinite(denseRow[j]))
                        throw new InvalidDataException(
                            $"Dense feature '{schema.DenseSlotNames[j]}' is {denseRow[j]} in row {row}; expected a finite number (missing values may be NaN).");
                }
            }
            if (codeGetter is not null)
            {
                codeGetter(ref codes);
                codes.CopyTo(codeRow);
                for (int f = 0; f < idRow.Length; f++)
                    idRow[f] = schema.Fields[f].Decode(codeRow);
            }
            storage.Add(y, denseRow, idRow);
            row++;
        }
        return new CtrDataset(storage, null);
    }

    /// <summary>Rows of dense features only (no sparse fields): <paramref name="dense"/> holds
    /// <paramref name="labels"/>.Length rows of <paramref name="width"/> values, row after row. At most 65,536 rows, stored
    /// in one block of exactly that size (e.g. the cached inputs of a layer being fine-tuned alone).</summary>
    internal static CtrDataset FromDense(string labelColumnName, ReadOnlySpan<float> labels, ReadOnlySpan<float> dense, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (labels.Length > ChunkSize)
            throw new ArgumentOutOfRangeException(nameof(labels), labels.Length, $"At most {ChunkSize} rows.");
        if (dense.Length != labels.Length * width)
            throw new ArgumentException($"Expected {labels.Length} x {width} dense values; got {dense.Length}.", nameof(dense));
        var schema = new FeatureSchema(labelColumnName, Enumerable.Range(0, width).Select(j => $"x{j}").ToArray(), []);
        var storage = new Storage(schema, capacity: labels.Length);
        for (int row = 0; row < labels.Length; row++)
            storage.Add(labels[row], dense.Slice(row * width, width), []);
        return new CtrDataset(storage, null);
    }

    /// <summary>A view of the given rows (indices into this dataset), sharing storage.</summary>
    public CtrDataset Select(IReadOnlyList<int> rows)
    {
        var mapped = new int[rows.Count];
        for (int i = 0; i < mapped.Length; i++)
        {
            if ((uint)rows[i] >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(rows), rows[i], $"Row index must be in [0, {Count}).");
            mapped[i] = _rows is null ? rows[i] : _rows[rows[i]];
        }
        return new CtrDataset(_storage, mapped);
    }

    /// <summary>Splits the rows in two, stratified by label: each part keeps the positive rate.</summary>
    /// <param name="firstFraction">Share of the rows in the first part, in (0, 1).</param>
    /// <param name="seed">Seed of the shuffle inside each class.</param>
    public (CtrDataset First, CtrDataset Second) StratifiedSplit(double firstFraction, int seed)
    {
        if (!(firstFraction > 0 && firstFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(firstFraction), firstFraction, "The fraction must be in (0, 1).");
        var random = new Random(seed);
        var first = new List<int>();
        var second = new List<int>();
        foreach (var positive in new[] { false, true })
        {
            var rows = Enumerable.Range(0, Count).Where(i => (Label(i) > 0.5f) == positive).ToArray();
            random.Shuffle(rows);
            int cut = (int)Math.Round(rows.Length * firstFraction);
            first.AddRange(rows.Take(cut));
            second.AddRange(rows.Skip(cut));
        }
        first.Sort();
        second.Sort();
        return (Select(first), Select(second));
    }

    /// <summary>The label (0 or 1) of row <paramref name="index"/>.</summary>
    public float Label(int index) => _storage.Label(Map(index));

    /// <summary>All labels, in row order.</summary>
    public float[] Labels()
    {
        var labels = new float[Count];
        for (int i = 0; i < labels.Length; i++)
            labels[i] = Label(i);
        return labels;
    }

    /// <summary>Copies row <paramref name="index"/> into the given spans (lengths DenseWidth and FieldCount).</summary>
    public void CopyRow(int index, Span<float> dense, Span<long> ids)
        => _storage.CopyRow(Map(index), dense, ids);

    private int Map(int index) => _rows is null ? index : _rows[index];

    private static DataViewSchema.Column Find(DataViewSchema schema, string name, string role)
        => schema.GetColumnOrNull(name)
           ?? throw new ArgumentException($"Could not find {role} column '{name}': is the view the output of the featurization?", nameof(schema));

    private sealed class Storage
    {
        private readonly List<float[]> _labels = new();
        private readonly List<float[]> _dense = new();
        private readonly List<int[]> _ids = new();

        // A storage of known size up to one chunk allocates exactly that; otherwise chunks of ChunkSize rows.
        private readonly int _capacity;

        public Storage(FeatureSchema schema, int capacity = int.MaxValue)
        {
            Schema = schema;
            _capacity = capacity;
        }

        public FeatureSchema Schema { get; }
        public int Count { get; private set; }

        public void Add(float label, ReadOnlySpan<float> dense, ReadOnlySpan<int> ids)
        {
            if (Count == int.MaxValue || Count == _capacity)
                throw new InvalidOperationException($"This CtrDataset holds at most {Math.Min(_capacity, int.MaxValue)} rows.");
            int offset = Count & ChunkMask;
            if (offset == 0)
            {
                int rows = Math.Min(ChunkSize, _capacity);
                _labels.Add(new float[rows]);
                _dense.Add(new float[rows * Schema.DenseWidth]);
                _ids.Add(new int[rows * Schema.FieldCount]);
            }
            _labels[^1][offset] = label;
            dense.CopyTo(_dense[^1].AsSpan(offset * Schema.DenseWidth));
            ids.CopyTo(_ids[^1].AsSpan(offset * Schema.FieldCount));
            Count++;
        }

        public float Label(int row) => _labels[row >> ChunkShift][row & ChunkMask];

        public void CopyRow(int row, Span<float> dense, Span<long> ids)
        {
            int chunk = row >> ChunkShift, offset = row & ChunkMask;
            int d = Schema.DenseWidth, f = Schema.FieldCount;
            _dense[chunk].AsSpan(offset * d, d).CopyTo(dense);
            var source = _ids[chunk].AsSpan(offset * f, f);
            for (int i = 0; i < f; i++)
                ids[i] = source[i];
        }
    }
}

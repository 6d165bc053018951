using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Data;

namespace Rankitect.Bench.Datasets;

/// <summary>
/// A CTR data set held in memory as columns: a 0/1 label ("Label", Single), dense Single columns and categorical Text
/// columns (empty = missing). Real data sets come in many layouts (joins, several files, odd headers); each layout
/// reader fills one of these, and the suites see a plain re-readable <see cref="IDataView"/>.
/// </summary>
public sealed class CtrTable
{
    public const string LabelColumnName = "Label";

    public CtrTable(float[] labels, IReadOnlyList<(string Name, float[] Values)> dense, IReadOnlyList<(string Name, string[] Values)> categorical)
    {
        Labels = labels;
        Dense = dense;
        Categorical = categorical;
        foreach (var (name, values) in dense)
            if (values.Length != labels.Length) throw new ArgumentException($"Dense column '{name}' has {values.Length} rows; the label has {labels.Length}.");
        foreach (var (name, values) in categorical)
            if (values.Length != labels.Length) throw new ArgumentException($"Categorical column '{name}' has {values.Length} rows; the label has {labels.Length}.");
        foreach (float y in labels)
            if (y is not (0f or 1f)) throw new ArgumentException($"Label value {y} is not 0 or 1.");
    }

    public float[] Labels { get; }
    public IReadOnlyList<(string Name, float[] Values)> Dense { get; }
    public IReadOnlyList<(string Name, string[] Values)> Categorical { get; }
    public int RowCount => Labels.Length;
    public double PositiveRate => Labels.Length == 0 ? 0 : Labels.Average(y => (double)y);

    /// <summary>At most <paramref name="rows"/> rows drawn without replacement (kept in their original order), or this table.</summary>
    public CtrTable Subsample(long rows, int seed)
    {
        if (rows >= RowCount) return this;
        var random = new Random(seed);
        var picked = Enumerable.Range(0, RowCount).OrderBy(_ => random.Next()).Take((int)rows).Order().ToArray();
        return new CtrTable(picked.Select(i => Labels[i]).ToArray(),
            Dense.Select(c => (c.Name, picked.Select(i => c.Values[i]).ToArray())).ToList(),
            Categorical.Select(c => (c.Name, picked.Select(i => c.Values[i]).ToArray())).ToList());
    }

    public IDataView ToDataView() => new TableDataView(this);

    /// <summary>Copies every row of <paramref name="parts"/> (same schema) into a table: the label column (Boolean or
    /// Single 0/1) becomes "Label", other Single columns dense, Text columns categorical.</summary>
    public static CtrTable Read(string labelColumnName, params IDataView[] parts)
    {
        var schema = parts[0].Schema;
        var labels = new List<float>();
        var dense = schema.Where(c => c.Name != labelColumnName && c.Type.Equals(NumberDataViewType.Single)).Select(c => c.Name).ToArray();
        var text = schema.Where(c => c.Name != labelColumnName && c.Type is TextDataViewType).Select(c => c.Name).ToArray();
        var denseValues = dense.Select(_ => new List<float>()).ToArray();
        var textValues = text.Select(_ => new List<string>()).ToArray();
        var interned = text.Select(_ => new Dictionary<string, string>()).ToArray();
        foreach (var part in parts)
        {
            var label = part.Schema[labelColumnName];
            using var cursor = part.GetRowCursor(part.Schema);
            Func<float> readLabel = label.Type is BooleanDataViewType
                ? Getter<bool, float>(cursor, label, b => b ? 1f : 0f)
                : Getter<float, float>(cursor, label, v => v);
            var denseGetters = dense.Select(n => Getter<float, float>(cursor, part.Schema[n], v => v)).ToArray();
            var textGetters = text.Select(n => Getter<ReadOnlyMemory<char>, string>(cursor, part.Schema[n], v => v.ToString())).ToArray();
            while (cursor.MoveNext())
            {
                labels.Add(readLabel());
                for (int j = 0; j < dense.Length; j++) denseValues[j].Add(denseGetters[j]());
                for (int j = 0; j < text.Length; j++)
                {
                    string value = textGetters[j]();
                    // Categorical columns repeat few values; one string per distinct value keeps big tables small.
                    if (!interned[j].TryGetValue(value, out var shared)) interned[j][value] = shared = value;
                    textValues[j].Add(shared);
                }
            }
        }
        return new CtrTable(labels.ToArray(),
            dense.Select((n, j) => (n, denseValues[j].ToArray())).ToList(),
            text.Select((n, j) => (n, textValues[j].ToArray())).ToList());
    }

    private static Func<TOut> Getter<TIn, TOut>(DataViewRowCursor cursor, DataViewSchema.Column column, Func<TIn, TOut> convert)
    {
        var getter = cursor.GetGetter<TIn>(column);
        TIn value = default!;
        return () => { getter(ref value); return convert(value); };
    }

    private sealed class TableDataView(CtrTable table) : RowStreamDataView(Columns(table), table.RowCount)
    {
        private static List<(string, DataViewType)> Columns(CtrTable table)
        {
            var columns = new List<(string, DataViewType)> { (LabelColumnName, NumberDataViewType.Single) };
            columns.AddRange(table.Dense.Select(c => (c.Name, (DataViewType)NumberDataViewType.Single)));
            columns.AddRange(table.Categorical.Select(c => (c.Name, (DataViewType)TextDataViewType.Instance)));
            return columns;
        }

        protected override IRowReader OpenReader() => new Reader(table);

        private sealed class Reader(CtrTable table) : IRowReader
        {
            private int _row = -1;

            public bool MoveNext(RowValues values)
            {
                if (++_row >= table.RowCount) return false;
                values.SetSingle(0, table.Labels[_row]);
                int column = 1;
                foreach (var (_, v) in table.Dense) values.SetSingle(column++, v[_row]);
                // The strings are never modified, so handing out their memory is safe.
                foreach (var (_, v) in table.Categorical) values.SetText(column++, v[_row].AsMemory());
                return true;
            }

            public void Dispose() { }
        }
    }
}

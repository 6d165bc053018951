using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rankitect.Data;

/// <summary>
/// Values of one row, written by an <see cref="IRowReader"/> and read by the cursor's getters.
/// Storage is per column index and reused across rows, so streaming allocates nothing per row
/// except the text a reader chooses to allocate.
/// </summary>
public sealed class RowValues
{
    private readonly float[] _singles;
    private readonly bool[] _booleans;
    private readonly ReadOnlyMemory<char>[] _texts;

    internal RowValues(int columnCount)
    {
        _singles = new float[columnCount];
        _booleans = new bool[columnCount];
        _texts = new ReadOnlyMemory<char>[columnCount];
    }

    /// <summary>Sets a <see cref="NumberDataViewType.Single"/> column.</summary>
    public void SetSingle(int column, float value) => _singles[column] = value;

    /// <summary>Sets a <see cref="BooleanDataViewType"/> column.</summary>
    public void SetBoolean(int column, bool value) => _booleans[column] = value;

    /// <summary>Sets a <see cref="TextDataViewType"/> column. The memory must never be modified afterwards: ML.NET's
    /// <c>Preview</c>, <c>Cache</c> and the vocabularies of <c>MapValueToKey</c> keep text without copying it, so a
    /// reused buffer would silently corrupt them.</summary>
    public void SetText(int column, ReadOnlyMemory<char> value) => _texts[column] = value;

    internal float GetSingle(int column) => _singles[column];
    internal bool GetBoolean(int column) => _booleans[column];
    internal ReadOnlyMemory<char> GetText(int column) => _texts[column];
}

/// <summary>Produces rows one at a time for a <see cref="RowStreamDataView"/>.</summary>
public interface IRowReader : IDisposable
{
    /// <summary>Fills <paramref name="values"/> with the next row; false at the end of the data.</summary>
    bool MoveNext(RowValues values);
}

/// <summary>
/// An <see cref="IDataView"/> over a source that can be read from the start any number of times
/// (a file, a generator). Subclasses open a reader; this class supplies ML.NET's cursor plumbing.
/// Supported column types: Boolean, Single and Text scalars.
/// </summary>
public abstract class RowStreamDataView : IDataView
{
    private readonly long? _rowCount;

    /// <summary>Creates a view with the given columns, in order.</summary>
    /// <param name="columns">Column names and types (Boolean, Single or Text).</param>
    /// <param name="rowCount">The number of rows when known without a pass over the data.</param>
    protected RowStreamDataView(IReadOnlyList<(string Name, DataViewType Type)> columns, long? rowCount)
    {
        var builder = new DataViewSchema.Builder();
        foreach (var (name, type) in columns)
        {
            if (type is not (BooleanDataViewType or TextDataViewType) && !type.Equals(NumberDataViewType.Single))
                throw new ArgumentException($"Column '{name}' has type {type}; a row stream supports Boolean, Single and Text.", nameof(columns));
            builder.AddColumn(name, type);
        }
        Schema = builder.ToSchema();
        _rowCount = rowCount;
    }

    /// <inheritdoc/>
    public bool CanShuffle => false;

    /// <inheritdoc/>
    public DataViewSchema Schema { get; }

    /// <inheritdoc/>
    public long? GetRowCount() => _rowCount;

    /// <summary>Opens a reader positioned before the first row.</summary>
    protected abstract IRowReader OpenReader();

    /// <inheritdoc/>
    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new Cursor(this, columnsNeeded);

    /// <inheritdoc/>
    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly RowStreamDataView _parent;
        private readonly bool[] _active;
        private readonly RowValues _values;
        private IRowReader? _reader;
        private long _position = -1;

        public Cursor(RowStreamDataView parent, IEnumerable<DataViewSchema.Column> columnsNeeded)
        {
            _parent = parent;
            _active = new bool[parent.Schema.Count];
            foreach (var column in columnsNeeded)
                _active[column.Index] = true;
            _values = new RowValues(parent.Schema.Count);
            _reader = parent.OpenReader();
        }

        public override DataViewSchema Schema => _parent.Schema;
        public override long Position => _position;
        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => _active[column.Index];

        public override bool MoveNext()
        {
            if (_reader is null)
                return false;
            if (_reader.MoveNext(_values))
            {
                _position++;
                return true;
            }
            _reader.Dispose();
            _reader = null;
            return false;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter()
            => (ref DataViewRowId value) => value = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (!_active[column.Index])
                throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was opened.");
            int index = column.Index;
            Delegate getter = column.Type switch
            {
                BooleanDataViewType => (ValueGetter<bool>)((ref bool v) => v = _values.GetBoolean(index)),
                TextDataViewType => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = _values.GetText(index)),
                _ => (ValueGetter<float>)((ref float v) => v = _values.GetSingle(index)),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' has type {column.Type}, not {typeof(TValue).Name}.");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _reader?.Dispose();
                _reader = null;
            }
            base.Dispose(disposing);
        }
    }
}

using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rankitect.Scoring;

/// <summary>
/// The rows of a <see cref="ScoringFile"/> as an <see cref="IDataView"/>, streamed from the file and parsed by the same
/// rules that checked them (not by TextLoader, whose rules differ: it reads 'abc' as a missing value and '?' as NaN).
/// A row that no longer parses (the file changed after the check) throws an <see cref="InvalidDataException"/> naming
/// its line.
/// </summary>
internal sealed class ScoringFileDataView(ScoringFile file) : IDataView
{
    public DataViewSchema Schema => file.Schema;

    public bool CanShuffle => false;

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null) => new Cursor(file);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null) => [new Cursor(file)];

    private sealed class Cursor(ScoringFile file) : DataViewRowCursor
    {
        private readonly IEnumerator<(string Line, long Number)> _lines = file.Lines().GetEnumerator();
        private readonly RowValues _values = new(file.Schema.Count);
        private long _position = -1;

        public override DataViewSchema Schema => file.Schema;

        public override long Position => _position;

        public override long Batch => 0;

        public override bool IsColumnActive(DataViewSchema.Column column) => true;

        public override bool MoveNext()
        {
            if (!_lines.MoveNext())
                return false;
            var (line, number) = _lines.Current;
            if (!file.TryParse(line, number, _values, out var error))
                throw new InvalidDataException(error!.Describe(file.Path));
            _position++;
            return true;
        }

        public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            int i = column.Index;
            Delegate getter = column.Type switch
            {
                TextDataViewType => (ValueGetter<ReadOnlyMemory<char>>)((ref ReadOnlyMemory<char> v) => v = _values.Texts[i]),
                BooleanDataViewType => (ValueGetter<bool>)((ref bool v) => v = _values.Booleans[i]),
                _ when column.Type == NumberDataViewType.Double => (ValueGetter<double>)((ref double v) => v = _values.Doubles[i]),
                _ => (ValueGetter<float>)((ref float v) => v = _values.Singles[i]),
            };
            return getter as ValueGetter<TValue>
                ?? throw new InvalidOperationException($"Column '{column.Name}' is {column.Type}, not {typeof(TValue).Name}.");
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _lines.Dispose();
            base.Dispose(disposing);
        }
    }
}

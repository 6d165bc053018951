using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rankitect.Data;

/// <summary>
/// The rows of a source view whose positions are marked in a mask, in source order. Getters pass through to the
/// source cursor, so nothing is copied.
/// </summary>
internal sealed class RowSubsetDataView : IDataView
{
    private readonly IDataView _source;
    private readonly bool[] _keep;
    private readonly long _count;

    public RowSubsetDataView(IDataView source, bool[] keep)
    {
        _source = source;
        _keep = keep;
        _count = keep.LongCount(k => k);
    }

    public bool CanShuffle => false;
    public DataViewSchema Schema => _source.Schema;
    public long? GetRowCount() => _count;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => new Cursor(_source.GetRowCursor(columnsNeeded), _keep);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => new[] { GetRowCursor(columnsNeeded, rand) };

    private sealed class Cursor : DataViewRowCursor
    {
        private readonly DataViewRowCursor _source;
        private readonly bool[] _keep;
        private long _position = -1;

        public Cursor(DataViewRowCursor source, bool[] keep)
        {
            _source = source;
            _keep = keep;
        }

        public override DataViewSchema Schema => _source.Schema;
        public override long Position => _position;
        public override long Batch => 0;
        public override bool IsColumnActive(DataViewSchema.Column column) => _source.IsColumnActive(column);
        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column) => _source.GetGetter<TValue>(column);
        public override ValueGetter<DataViewRowId> GetIdGetter() => _source.GetIdGetter();

        public override bool MoveNext()
        {
            while (_source.MoveNext())
            {
                long row = _source.Position;
                if (row >= _keep.LongLength)
                    throw new InvalidOperationException($"The source view has more rows than when it was split ({_keep.LongLength}); it must be re-readable unchanged.");
                if (_keep[row])
                {
                    _position++;
                    return true;
                }
            }
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _source.Dispose();
            base.Dispose(disposing);
        }
    }
}

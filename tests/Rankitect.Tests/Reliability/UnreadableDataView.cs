using Microsoft.ML;

namespace Rankitect.Tests.Reliability;

/// <summary>A view with a schema but no readable rows: a case that gets its error from it proves the error came
/// before any row was read (so before featurization, a split or any training).</summary>
internal sealed class UnreadableDataView(DataViewSchema schema) : IDataView
{
    public const string Message = "a row was read";

    public DataViewSchema Schema => schema;

    public bool CanShuffle => false;

    public long? GetRowCount() => null;

    public DataViewRowCursor GetRowCursor(IEnumerable<DataViewSchema.Column> columnsNeeded, Random? rand = null)
        => throw new InvalidOperationException(Message);

    public DataViewRowCursor[] GetRowCursorSet(IEnumerable<DataViewSchema.Column> columnsNeeded, int n, Random? rand = null)
        => throw new InvalidOperationException(Message);
}

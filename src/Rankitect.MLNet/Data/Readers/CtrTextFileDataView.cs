using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rankitect.Data;

/// <summary>
/// An <see cref="IDataView"/> streaming a CTR text file from disk: each cursor opens the file and reads it
/// from the start, so the view can be read any number of times and never holds the file in memory.
/// Created by <see cref="CtrDataReaders.LoadCriteoTsv"/> and <see cref="CtrDataReaders.LoadLibFm"/>.
/// </summary>
/// <remarks>
/// Text values are slices of the chars read from the file; they are never overwritten, so ML.NET's
/// Preview and cache can keep them. The file should not change while a view over it is in use.
/// </remarks>
public abstract class CtrTextFileDataView : RowStreamDataView
{
    private ReadStatistics? _lastCompletedPass;

    private protected CtrTextFileDataView(string filePath, IReadOnlyList<(string Name, DataViewType Type)> columns)
        : base(columns, rowCount: null)
    {
        FilePath = filePath;
    }

    /// <summary>Full path of the file the view reads.</summary>
    public string FilePath { get; }

    /// <summary>
    /// Counts from the most recent cursor that read the file to its end (rows, empty lines, skipped malformed lines);
    /// null until a cursor has. A cursor disposed early (e.g. by <c>Preview</c>) does not report.
    /// </summary>
    public ReadStatistics? LastCompletedPass => Volatile.Read(ref _lastCompletedPass);

    internal void OnPassCompleted(ReadStatistics statistics) => Volatile.Write(ref _lastCompletedPass, statistics);
}

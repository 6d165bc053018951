using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rankitect.Tests.Data.Readers;

/// <summary>A temporary directory for the files a test writes, removed afterwards.</summary>
public sealed class ReaderTestFiles : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "rankitect-readers-" + Guid.NewGuid().ToString("N"));

    public ReaderTestFiles() => Directory.CreateDirectory(_directory);

    /// <summary>Writes the text as UTF-8 without a byte order mark, line ends exactly as given.</summary>
    public string Write(string name, string text) => WriteBytes(name, new UTF8Encoding(false).GetBytes(text));

    public string WriteBytes(string name, byte[] bytes)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>Reads a whole view into plain values: bool, float or string per column.</summary>
public static class ViewRows
{
    public static List<object[]> ReadAll(IDataView view)
    {
        var rows = new List<object[]>();
        using var cursor = view.GetRowCursor(view.Schema);
        var getters = view.Schema.Select(column => MakeGetter(cursor, column)).ToArray();
        while (cursor.MoveNext())
            rows.Add(getters.Select(get => get()).ToArray());
        return rows;
    }

    public static object[] Column(List<object[]> rows, IDataView view, string name)
    {
        int index = view.Schema[name].Index;
        return rows.Select(row => row[index]).ToArray();
    }

    private static Func<object> MakeGetter(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        switch (column.Type)
        {
            case BooleanDataViewType:
            {
                var getter = cursor.GetGetter<bool>(column);
                return () => { bool value = default; getter(ref value); return value; };
            }
            case TextDataViewType:
            {
                var getter = cursor.GetGetter<ReadOnlyMemory<char>>(column);
                return () => { ReadOnlyMemory<char> value = default; getter(ref value); return value.ToString(); };
            }
            default:
            {
                var getter = cursor.GetGetter<float>(column);
                return () => { float value = default; getter(ref value); return value; };
            }
        }
    }
}

using Microsoft.Data.Sqlite;

namespace Rankitect.Experiment.Store;

/// <summary>
/// A trial store in one SQLite file (write-ahead logging, <c>synchronous=FULL</c>, one transaction per write, so a killed
/// process leaves every finished write whole): the default store, beside the run's output. The tables and statements
/// are <see cref="SqlTrialStore"/>'s.
/// </summary>
public sealed class SqliteTrialStore : SqlTrialStore
{
    /// <summary>Opens (creating when missing) the store file at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be opened as a SQLite database (the message names it).</exception>
    public SqliteTrialStore(string path) : this(Open(path))
    {
    }

    private SqliteTrialStore((SqliteConnection Connection, string Location) opened)
        : base(opened.Connection, opened.Location)
    {
    }

    private static (SqliteConnection, string) Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string location = Path.GetFullPath(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = location, Pooling = false }.ToString());
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
            pragmas.ExecuteNonQuery();
            // The schema statement is the first to read the file: a file that is not a database fails there, named below.
            using var check = connection.CreateCommand();
            check.CommandText = Schema(real: "REAL", integer: "INTEGER", bigint: "INTEGER");
            check.ExecuteNonQuery();
            return (connection, location);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new IOException($"Cannot use '{location}' as a trial store: {e.Message}", e);
        }
    }
}

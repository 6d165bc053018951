using Npgsql;

namespace Rankitect.Experiment.Store;

/// <summary>
/// A trial store in a PostgreSQL database (through Npgsql), for studies that outlive one machine: the same tables and
/// statements as the SQLite store (<see cref="SqlTrialStore"/>), with metrics as <c>double precision</c> (bit for bit) and
/// the study's row locked (<c>SELECT ... FOR UPDATE</c>) while a process opens it, so two processes opening one study
/// do not both create it. Connection strings are Npgsql's (<c>Host=...;Port=...;Username=...;Database=...</c>).
/// </summary>
public sealed class PostgresTrialStore : SqlTrialStore
{
    /// <summary>Connects to the database <paramref name="connectionString"/> names and creates the tables when missing.</summary>
    /// <exception cref="ArgumentException">The connection string is malformed (the message says why).</exception>
    /// <exception cref="IOException">The database cannot be reached or used (the message names host, port and database).</exception>
    public PostgresTrialStore(string connectionString) : this(Open(connectionString))
    {
    }

    private PostgresTrialStore((NpgsqlConnection Connection, string Location) opened)
        : base(opened.Connection, opened.Location)
    {
    }

    /// <summary>True when <paramref name="store"/> looks like an Npgsql connection string (it names a <c>Host</c>) rather
    /// than a file path: what the CLI's <c>--store</c> uses to choose the store.</summary>
    public static bool IsConnectionString(string store)
        => store.Contains("Host=", StringComparison.OrdinalIgnoreCase) || store.Contains("Server=", StringComparison.OrdinalIgnoreCase);

    private protected override string LockRow => " FOR UPDATE";

    // The advisory lock key of the schema creation ("RNKT" in ASCII).
    private const long SchemaLock = 0x524E4B54;

    private static (NpgsqlConnection, string) Open(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"'{connectionString}' is not a PostgreSQL connection string (e.g. Host=db;Username=me;Database=trials): {e.Message}",
                nameof(connectionString), e);
        }
        string location = $"postgresql://{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            connection.Open();
            // Two processes creating the tables at once can collide in PostgreSQL's catalog even with IF NOT EXISTS (a
            // duplicate key on pg_type): an advisory lock held to the end of the transaction makes them take turns.
            using var transaction = connection.BeginTransaction();
            using var schema = connection.CreateCommand();
            schema.Transaction = transaction;
            schema.CommandText = $"SELECT pg_advisory_xact_lock({SchemaLock}); " + Schema(real: "DOUBLE PRECISION", integer: "INTEGER", bigint: "BIGINT");
            schema.ExecuteNonQuery();
            transaction.Commit();
            return (connection, location);
        }
        catch (Exception e) when (e is NpgsqlException or PostgresException or InvalidOperationException)
        {
            connection.Dispose();
            throw new IOException($"Cannot use '{location}' as a trial store: {e.Message}", e);
        }
    }
}

using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Rankitect.Training;

namespace Rankitect.Experiment.Store;

/// <summary>
/// The trial store's tables and statements, written once over ADO.NET for every database that has them
/// (<see cref="SqliteTrialStore"/>, <see cref="PostgresTrialStore"/>): a <c>studies</c> table (name, fingerprint) and a
/// <c>trials</c> table keyed by (study, trial id), one transaction per write, so a killed process leaves every finished
/// write whole. Metrics are stored as 8-byte IEEE doubles, so they come back bit for bit; NaN is kept as NULL and read
/// back as NaN. Statements use <c>@name</c> parameters and <c>INSERT ... ON CONFLICT ... DO UPDATE</c>, which both
/// databases accept.
/// </summary>
public abstract class SqlTrialStore : ITrialStore
{
    private readonly DbConnection _connection;
    private readonly object _gate = new();
    private readonly string _worker = $"{Environment.MachineName}:{Environment.ProcessId}";
    private string? _study;
    private DbTransaction? _transaction;

    /// <summary>Takes <paramref name="connection"/> (open, its tables created with <see cref="Schema"/>; owned from now on).</summary>
    /// <param name="connection">An open connection.</param>
    /// <param name="location">Where the trials live, for messages (no password).</param>
    private protected SqlTrialStore(DbConnection connection, string location)
    {
        _connection = connection;
        Location = location;
    }

    /// <summary>The store <paramref name="fileOrConnectionString"/> names: a PostgreSQL database when it is an Npgsql
    /// connection string (<see cref="PostgresTrialStore.IsConnectionString"/>), else a SQLite file at that path.</summary>
    /// <exception cref="IOException">The store cannot be opened (the message names it).</exception>
    /// <exception cref="ArgumentException">A malformed connection string.</exception>
    public static SqlTrialStore Open(string fileOrConnectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileOrConnectionString);
        return PostgresTrialStore.IsConnectionString(fileOrConnectionString)
            ? new PostgresTrialStore(fileOrConnectionString)
            : new SqliteTrialStore(fileOrConnectionString);
    }

    /// <inheritdoc/>
    public string Location { get; }

    /// <summary>What the dialect appends to the study's SELECT inside <see cref="Open"/> to lock its row until the
    /// transaction ends (PostgreSQL: FOR UPDATE; SQLite has no row locks: its writers take turns on the whole file).</summary>
    private protected virtual string LockRow => "";

    /// <summary>The CREATE TABLE IF NOT EXISTS statements of <c>studies</c> and <c>trials</c> in a dialect's column
    /// types, written once so every store declares the same tables.</summary>
    private protected static string Schema(string real, string integer, string bigint) => $"""
        CREATE TABLE IF NOT EXISTS studies (
            name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS trials (
            study TEXT NOT NULL, trial_id {integer} NOT NULL, state TEXT NOT NULL, worker TEXT NOT NULL,
            strategy TEXT NOT NULL, fidelity TEXT NOT NULL, rung {integer} NOT NULL, parent_id {integer},
            indices TEXT NOT NULL, recipe TEXT, ne {real}, auc {real}, logloss {real}, flops {bigint}, params {bigint},
            embedding_bytes {bigint}, fitness {real}, seconds {real}, error TEXT, started_at TEXT, finished_at TEXT,
            PRIMARY KEY (study, trial_id));
        """;

    /// <inheritdoc/>
    public IReadOnlyList<StoredTrial> Open(StudyDescription study, bool resume)
    {
        ArgumentNullException.ThrowIfNull(study);
        lock (_gate)
        {
            using var transaction = _transaction = _connection.BeginTransaction();
            try
            {
                OpenStudy(study, resume);
                transaction.Commit();
            }
            finally
            {
                _transaction = null;
            }
            _study = study.Name;
            return ReadTrials(study.Name);
        }
    }

    private void OpenStudy(StudyDescription study, bool resume)
    {
        // Create the row first (a lock on a row that does not exist yet holds nothing), then lock whatever is there.
        if (Execute("INSERT INTO studies (name, fingerprint, created_at) VALUES (@name, @fingerprint, @now) ON CONFLICT (name) DO NOTHING",
                ("@name", study.Name), ("@fingerprint", study.Fingerprint), ("@now", Now())) == 1)
            return; // a new study
        string? fingerprint = Scalar($"SELECT fingerprint FROM studies WHERE name = @name{LockRow}", ("@name", study.Name)) as string;
        long trials = Convert.ToInt64(Scalar("SELECT COUNT(*) FROM trials WHERE study = @name", ("@name", study.Name)) ?? 0L, CultureInfo.InvariantCulture);
        if (fingerprint is not null && !resume && trials > 0)
            throw new StudyConflictException($"The trial store '{Location}' already holds study '{study.Name}' with {trials} trials; " +
                "resume it (--resume, RankitectExperiment.ResumeFrom) or give another store or study name.");
        if (fingerprint is not null && resume && fingerprint != study.Fingerprint)
            throw new StudyConflictException($"Study '{study.Name}' in '{Location}' searched something else; these differ: " +
                $"{string.Join(", ", study.Differences(fingerprint))}. Resume with the data and options it was started with.");
        if (!resume)
            Execute("UPDATE studies SET fingerprint = @fingerprint, created_at = @now WHERE name = @name",
                ("@name", study.Name), ("@fingerprint", study.Fingerprint), ("@now", Now()));
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Studies()
    {
        lock (_gate)
        {
            using var command = Command("SELECT name FROM studies ORDER BY name", []);
            using var reader = command.ExecuteReader();
            var names = new List<string>();
            while (reader.Read())
                names.Add(reader.GetString(0));
            return names;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<StoredTrial> Trials(string study)
    {
        ArgumentNullException.ThrowIfNull(study);
        lock (_gate) return ReadTrials(study);
    }

    /// <inheritdoc/>
    public void TrialStarted(Trial trial, string strategy)
    {
        ArgumentNullException.ThrowIfNull(trial);
        lock (_gate)
        {
            Execute("""
                INSERT INTO trials (study, trial_id, state, worker, strategy, fidelity, rung, parent_id, indices, recipe, started_at)
                VALUES (@study, @id, 'RUNNING', @worker, @strategy, @fidelity, @rung, @parent, @indices, @recipe, @now)
                ON CONFLICT (study, trial_id) DO UPDATE SET state = 'RUNNING', worker = @worker, strategy = @strategy,
                    fidelity = @fidelity, rung = @rung, parent_id = @parent, indices = @indices, recipe = @recipe,
                    ne = NULL, auc = NULL, logloss = NULL, flops = NULL, params = NULL, embedding_bytes = NULL,
                    fitness = NULL, seconds = NULL, error = NULL, started_at = @now, finished_at = NULL
                """,
                ("@study", Study), ("@id", trial.Id), ("@worker", _worker), ("@strategy", strategy), ("@fidelity", trial.Fidelity.ToString()),
                ("@rung", trial.Rung), ("@parent", trial.ParentId), ("@indices", JsonSerializer.Serialize(trial.Indices)),
                ("@recipe", trial.Recipe is null ? null : JsonSerializer.Serialize(trial.Recipe)), ("@now", Now()));
        }
    }

    /// <inheritdoc/>
    public void TrialFinished(TrialResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            Execute("""
                INSERT INTO trials (study, trial_id, state, worker, strategy, fidelity, rung, parent_id, indices, recipe, ne, auc, logloss,
                    flops, params, embedding_bytes, fitness, seconds, error, finished_at)
                VALUES (@study, @id, @state, @worker, @strategy, @fidelity, @rung, @parent, @indices, @recipe, @ne, @auc, @logloss,
                    @flops, @params, @bytes, @fitness, @seconds, @error, @now)
                ON CONFLICT (study, trial_id) DO UPDATE SET state = @state, worker = @worker, strategy = @strategy, fidelity = @fidelity,
                    rung = @rung, parent_id = @parent, indices = @indices, recipe = @recipe, ne = @ne, auc = @auc, logloss = @logloss,
                    flops = @flops, params = @params, embedding_bytes = @bytes, fitness = @fitness, seconds = @seconds, error = @error,
                    finished_at = @now
                """,
                ("@study", Study), ("@id", result.TrialId), ("@state", StoredTrial.StateOf(result.Status)), ("@worker", _worker),
                ("@strategy", result.Strategy), ("@fidelity", result.Fidelity.ToString()), ("@rung", result.Rung), ("@parent", result.ParentId),
                ("@indices", JsonSerializer.Serialize(result.Indices)), ("@recipe", result.Recipe is null ? null : JsonSerializer.Serialize(result.Recipe)),
                ("@ne", Real(result.NormalizedEntropy)), ("@auc", Real(result.Auc)), ("@logloss", Real(result.LogLoss)), ("@flops", result.Flops),
                ("@params", result.Parameters), ("@bytes", result.EmbeddingBytes), ("@fitness", Real(result.Fitness)), ("@seconds", Real(result.Seconds)),
                ("@error", result.Error), ("@now", Now()));
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the connection when <paramref name="disposing"/>.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
            _connection.Dispose();
    }

    private string Study => _study ?? throw new InvalidOperationException($"Open a study ({nameof(Open)}) before recording trials.");

    private IReadOnlyList<StoredTrial> ReadTrials(string study)
    {
        using var command = Command("""
            SELECT trial_id, state, worker, strategy, fidelity, rung, parent_id, indices, recipe, ne, auc, logloss, flops, params,
                embedding_bytes, fitness, seconds, error FROM trials WHERE study = @study ORDER BY trial_id
            """, [("@study", study)]);
        using var reader = command.ExecuteReader();
        var trials = new List<StoredTrial>();
        while (reader.Read())
        {
            int id = reader.GetInt32(0);
            string state = reader.GetString(1);
            TrialResult? result = null;
            if (state != StoredTrial.Running)
            {
                var status = state switch { "COMPLETE" => TrialStatus.Completed, "FAIL" => TrialStatus.Failed, _ => TrialStatus.Cancelled };
                double Number(int column) => reader.IsDBNull(column) ? double.NaN : reader.GetDouble(column);
                long Count(int column) => reader.IsDBNull(column) ? 0 : reader.GetInt64(column);
                result = new TrialResult(id, JsonSerializer.Deserialize<int[]>(reader.GetString(7))!, Enum.Parse<TrialFidelity>(reader.GetString(4)),
                    status, reader.GetString(3), Number(9), Number(10), Number(11), Count(12), Count(13), Count(14), Number(15), Number(16),
                    reader.IsDBNull(6) ? null : reader.GetInt32(6), reader.IsDBNull(17) ? null : reader.GetString(17))
                {
                    Rung = reader.GetInt32(5),
                    Recipe = reader.IsDBNull(8) ? null : JsonSerializer.Deserialize<TrainingRecipe>(reader.GetString(8)),
                };
            }
            trials.Add(new StoredTrial(id, state, reader.GetString(2), result));
        }
        return trials;
    }

    private static object? Real(double value) => double.IsNaN(value) ? null : value;

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteScalar();
    }

    private DbCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}

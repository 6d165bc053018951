using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Rankitect.Training;

namespace Rankitect.Experiment.Store;

/// <summary>
/// A trial store in one SQLite file (write-ahead logging, one transaction per write, so a killed process leaves every
/// finished write whole). Metrics are stored as 8-byte IEEE doubles, so they come back bit for bit; NaN, which SQLite
/// cannot store, is kept as NULL and read back as NaN.
/// </summary>
public sealed class SqliteTrialStore : ITrialStore
{
    private readonly SqliteConnection _connection;
    private readonly object _gate = new();
    private readonly string _worker = $"{Environment.MachineName}:{Environment.ProcessId}";
    private string? _study;
    private SqliteTransaction? _transaction;

    /// <summary>Opens (creating when missing) the store file at <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be opened as a SQLite database (the message names it).</exception>
    public SqliteTrialStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Location = Path.GetFullPath(path);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Location, Pooling = false }.ToString());
        try
        {
            _connection.Open();
            Execute("PRAGMA journal_mode=WAL;");
            Execute("PRAGMA synchronous=FULL;");
            Execute("""
                CREATE TABLE IF NOT EXISTS studies (
                    name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, created_at TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS trials (
                    study TEXT NOT NULL, trial_id INTEGER NOT NULL, state TEXT NOT NULL, worker TEXT NOT NULL,
                    strategy TEXT NOT NULL, fidelity TEXT NOT NULL, rung INTEGER NOT NULL, parent_id INTEGER,
                    indices TEXT NOT NULL, recipe TEXT, ne REAL, auc REAL, logloss REAL, flops INTEGER, params INTEGER,
                    embedding_bytes INTEGER, fitness REAL, seconds REAL, error TEXT, started_at TEXT, finished_at TEXT,
                    PRIMARY KEY (study, trial_id));
                """);
        }
        catch (SqliteException e)
        {
            _connection.Dispose();
            throw new IOException($"Cannot use '{Location}' as a trial store: {e.Message}", e);
        }
    }

    /// <inheritdoc/>
    public string Location { get; }

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
        {
            string? fingerprint = Scalar("SELECT fingerprint FROM studies WHERE name = $name", ("$name", study.Name)) as string;
            long trials = (long)(Scalar("SELECT COUNT(*) FROM trials WHERE study = $name", ("$name", study.Name)) ?? 0L);
            if (fingerprint is not null && !resume && trials > 0)
                throw new StudyConflictException($"The trial store '{Location}' already holds study '{study.Name}' with {trials} trials; " +
                    "resume it (--resume, RankitectExperiment.ResumeFrom) or give another store or study name.");
            if (fingerprint is not null && resume && fingerprint != study.Fingerprint)
                throw new StudyConflictException($"Study '{study.Name}' in '{Location}' searched something else; these differ: " +
                    $"{string.Join(", ", study.Differences(fingerprint))}. Resume with the data and options it was started with.");
            if (fingerprint is null)
                Execute("INSERT INTO studies (name, fingerprint, created_at) VALUES ($name, $fingerprint, $now)",
                    ("$name", study.Name), ("$fingerprint", study.Fingerprint), ("$now", Now()));
            else if (!resume)
                Execute("UPDATE studies SET fingerprint = $fingerprint, created_at = $now WHERE name = $name",
                    ("$name", study.Name), ("$fingerprint", study.Fingerprint), ("$now", Now()));
        }
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
                VALUES ($study, $id, 'RUNNING', $worker, $strategy, $fidelity, $rung, $parent, $indices, $recipe, $now)
                ON CONFLICT (study, trial_id) DO UPDATE SET state = 'RUNNING', worker = $worker, strategy = $strategy,
                    fidelity = $fidelity, rung = $rung, parent_id = $parent, indices = $indices, recipe = $recipe,
                    ne = NULL, auc = NULL, logloss = NULL, flops = NULL, params = NULL, embedding_bytes = NULL,
                    fitness = NULL, seconds = NULL, error = NULL, started_at = $now, finished_at = NULL
                """,
                ("$study", Study), ("$id", trial.Id), ("$worker", _worker), ("$strategy", strategy), ("$fidelity", trial.Fidelity.ToString()),
                ("$rung", trial.Rung), ("$parent", trial.ParentId), ("$indices", JsonSerializer.Serialize(trial.Indices)),
                ("$recipe", trial.Recipe is null ? null : JsonSerializer.Serialize(trial.Recipe)), ("$now", Now()));
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
                VALUES ($study, $id, $state, $worker, $strategy, $fidelity, $rung, $parent, $indices, $recipe, $ne, $auc, $logloss,
                    $flops, $params, $bytes, $fitness, $seconds, $error, $now)
                ON CONFLICT (study, trial_id) DO UPDATE SET state = $state, worker = $worker, strategy = $strategy, fidelity = $fidelity,
                    rung = $rung, parent_id = $parent, indices = $indices, recipe = $recipe, ne = $ne, auc = $auc, logloss = $logloss,
                    flops = $flops, params = $params, embedding_bytes = $bytes, fitness = $fitness, seconds = $seconds, error = $error,
                    finished_at = $now
                """,
                ("$study", Study), ("$id", result.TrialId), ("$state", StoredTrial.StateOf(result.Status)), ("$worker", _worker),
                ("$strategy", result.Strategy), ("$fidelity", result.Fidelity.ToString()), ("$rung", result.Rung), ("$parent", result.ParentId),
                ("$indices", JsonSerializer.Serialize(result.Indices)), ("$recipe", result.Recipe is null ? null : JsonSerializer.Serialize(result.Recipe)),
                ("$ne", Real(result.NormalizedEntropy)), ("$auc", Real(result.Auc)), ("$logloss", Real(result.LogLoss)), ("$flops", result.Flops),
                ("$params", result.Parameters), ("$bytes", result.EmbeddingBytes), ("$fitness", Real(result.Fitness)), ("$seconds", Real(result.Seconds)),
                ("$error", result.Error), ("$now", Now()));
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _connection.Dispose();

    private string Study => _study ?? throw new InvalidOperationException($"Open a study ({nameof(Open)}) before recording trials.");

    private IReadOnlyList<StoredTrial> ReadTrials(string study)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT trial_id, state, worker, strategy, fidelity, rung, parent_id, indices, recipe, ne, auc, logloss, flops, params,
                embedding_bytes, fitness, seconds, error FROM trials WHERE study = $study ORDER BY trial_id
            """;
        command.Parameters.AddWithValue("$study", study);
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

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteScalar();
    }

    private SqliteCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }
}

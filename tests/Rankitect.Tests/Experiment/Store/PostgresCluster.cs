using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Rankitect.Tests.Experiment.Store;

/// <summary>
/// A throw-away PostgreSQL cluster for the tests (PLATFORM.md): initdb into a temporary folder, a server on a free
/// loopback port with its socket in that folder, stopped and deleted at the end. initdb refuses to run as root, so as
/// root the cluster belongs to the <c>postgres</c> user (or <c>nobody</c>) through <c>runuser</c>.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private readonly string _folder;
    private readonly string _data;
    private readonly string _bin;
    private readonly string? _user;
    private int _databases;

    public PostgresCluster()
    {
        _bin = FindBin() ?? throw new InvalidOperationException(
            "The PostgreSQL store tests need PostgreSQL (initdb, pg_ctl): none on PATH or in /usr/lib/postgresql/*/bin. " +
            "Install it (Debian: apt-get install -y postgresql); .ci/run does.");
        _folder = Directory.CreateTempSubdirectory("rankitect-pg-").FullName;
        _data = Path.Combine(_folder, "data");
        if (Environment.UserName == "root")
        {
            _user = Run("id", ["-u", "postgres"], check: false).ExitCode == 0 ? "postgres" : "nobody";
            Run("chown", ["-R", _user, _folder]);
        }
        Port = FreePort();
        Tool("initdb", ["-D", _data, "-A", "trust", "-U", "rankitect", "-E", "UTF8", "--no-sync"]);
        Tool("pg_ctl", ["-D", _data, "-l", Path.Combine(_folder, "server.log"), "-w", "-t", "60",
            "-o", $"-k {_folder} -c listen_addresses=127.0.0.1 -p {Port} -c fsync=off", "start"]);
    }

    /// <summary>The server's TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The connection string of <paramref name="database"/>.</summary>
    public string ConnectionString(string database = "postgres")
        => $"Host=127.0.0.1;Port={Port};Username=rankitect;Database={database};Pooling=false";

    /// <summary>Creates a new empty database and returns its connection string.</summary>
    public string CreateDatabase()
    {
        string name = $"trials_{Interlocked.Increment(ref _databases)}";
        using var connection = new NpgsqlConnection(ConnectionString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {name}";
        command.ExecuteNonQuery();
        return ConnectionString(name);
    }

    public void Dispose()
    {
        Tool("pg_ctl", ["-D", _data, "-m", "immediate", "-w", "stop"], check: false);
        Directory.Delete(_folder, recursive: true);
    }

    private static string? FindBin()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
                return dir;
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        return versions.Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
            .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Tool(string name, IReadOnlyList<string> arguments, bool check = true)
    {
        string path = Path.Combine(_bin, name);
        if (_user is null)
            Run(path, arguments, check);
        else
            Run("runuser", ["-u", _user, "--", path, .. arguments], check);
    }

    private static (int ExitCode, string Output) Run(string file, IReadOnlyList<string> arguments, bool check = true)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        string text = output.Result + error.Result;
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {text}");
        return (process.ExitCode, text);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL cluster";
}

using Rankitect.Experiment;
using Rankitect.Experiment.Store;

namespace Rankitect.Tests.Experiment.Store;

[Collection(PostgresCollection.Name)]
public sealed class PostgresTrialStoreTests(PostgresCluster cluster) : TrialStoreContract
{
    private readonly string _database = cluster.CreateDatabase();

    protected override ITrialStore OpenStore() => new PostgresTrialStore(_database);

    [Fact]
    public void Two_processes_opening_one_new_study_at_once_create_it_once()
    {
        var study = new StudyDescription("shared", new Dictionary<string, string> { ["seed"] = "1" });
        // Four connections at once on a fresh database: they create the tables together, then open the study together.
        using var barrier = new Barrier(4);
        var opened = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            using var store = OpenStore();
            Assert.True(barrier.SignalAndWait(TimeSpan.FromSeconds(30)), "another connection failed before opening the study");
            return store.Open(study, resume: true).Count;
        })).ToArray();
        Assert.True(Task.WaitAll(opened, TimeSpan.FromSeconds(60)), "the openers did not finish");
        Assert.All(opened, t => Assert.Equal(0, t.Result));
        using var reader = OpenStore();
        Assert.Equal(["shared"], reader.Studies());
    }

    [Fact]
    public void The_cli_writes_reads_refuses_and_resumes_a_study_in_postgres()
    {
        var folder = Directory.CreateTempSubdirectory("rankitect-store-cli-pg-");
        try
        {
            Reliability.CliTrialStoreTests.AssertStoreRefusesAndResumes(_database, folder);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void An_unreachable_server_and_a_malformed_connection_string_are_named()
    {
        var unreachable = Assert.Throws<IOException>(() => new PostgresTrialStore($"Host=127.0.0.1;Port={cluster.Port};Username=rankitect;Database=no_such_db"));
        Assert.Contains($"postgresql://127.0.0.1:{cluster.Port}/no_such_db", unreachable.Message);
        var malformed = Assert.Throws<ArgumentException>(() => new PostgresTrialStore("Host=x;NoSuchKeyword=1"));
        Assert.Contains("not a PostgreSQL connection string", malformed.Message);
        Assert.True(PostgresTrialStore.IsConnectionString("Host=db;Database=t"));
        Assert.False(PostgresTrialStore.IsConnectionString("runs/trials.db"));
    }
}

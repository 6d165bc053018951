using Rankitect.Experiment.Store;

namespace Rankitect.Tests.Experiment.Store;

public sealed class SqliteTrialStoreTests : TrialStoreContract, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rankitect-store-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    protected override ITrialStore OpenStore() => new SqliteTrialStore(PathOf("trials.db"));

    [Fact]
    public void A_file_that_is_not_a_database_is_named()
    {
        var path = PathOf("not-a-db.db");
        File.WriteAllText(path, "this is a text file, long enough to have a header that SQLite rejects as not a database file");
        var error = Assert.Throws<IOException>(() => new SqliteTrialStore(path));
        Assert.Contains(path, error.Message);
    }
}

using System.Globalization;
using System.Text;
using Microsoft.ML;
using Rankitect.Data;

namespace Rankitect.Bench.Datasets;

/// <summary>How one folder layout of ../shared/data is read into a <see cref="CtrTable"/>, following its SOURCE.md.</summary>
internal interface ISharedLayout
{
    /// <summary>True when <paramref name="folder"/> holds this layout's files.</summary>
    bool Matches(string folder);

    /// <summary>One line on which files, label rule and features are used.</summary>
    string Description { get; }

    CtrTable Read(string folder);
}

/// <summary>Criteo Kaggle DAC rows as TSV (label, I1–I13, C1–C26), split over train.csv / dev.csv / test.csv.</summary>
internal sealed class CriteoKaggleLayout : ISharedLayout
{
    private static readonly string[] Files = ["train.csv", "dev.csv", "test.csv"];
    public string Description => "Criteo TSV train.csv+dev.csv+test.csv pooled; label col 1; 13 dense I1-I13, 26 categorical C1-C26 (empty = missing)";
    public bool Matches(string folder) => Files.All(f => File.Exists(Path.Combine(folder, f)))
        && (File.ReadLines(Path.Combine(folder, Files[0])).FirstOrDefault()?.Split('\t').Length ?? 0) == 40;
    public CtrTable Read(string folder)
    {
        var ml = new MLContext(0);
        return CtrTable.Read("Label", Files.Select(f => (IDataView)ml.Data.LoadCriteoTsv(Path.Combine(folder, f))).ToArray());
    }
}

/// <summary>iPinYou libFM files with their feature index: 16 one-hot fields read as categorical fields.</summary>
internal sealed class IpinyouLayout : ISharedLayout
{
    public string Description => "libFM train.fm.txt+test.fm.txt pooled (their day split is not kept), fields named by featindex.fm.txt; label token 1; 16 categorical fields";
    public bool Matches(string folder) => new[] { "train.fm.txt", "test.fm.txt", "featindex.fm.txt" }.All(f => File.Exists(Path.Combine(folder, f)));
    public CtrTable Read(string folder)
    {
        var ml = new MLContext(0);
        var options = new LibFmOptions { FeatureIndexPath = Path.Combine(folder, "featindex.fm.txt") };
        return CtrTable.Read("Label", ml.Data.LoadLibFm(Path.Combine(folder, "train.fm.txt"), options),
            ml.Data.LoadLibFm(Path.Combine(folder, "test.fm.txt"), options));
    }
}

/// <summary>Categorical CSV layouts: named files, a label field, categorical fields by position, optional derived fields.</summary>
internal sealed class CategoricalCsvLayout(
    string description, string[] files, int[] fieldCounts, bool[] hasHeader, int labelField,
    IReadOnlyList<(string Name, int Field)> categorical, Func<string[], (string Name, string Value)[]>? derived = null) : ISharedLayout
{
    public string Description => description;
    public bool Matches(string folder) => files.All(f => File.Exists(Path.Combine(folder, f)));

    public CtrTable Read(string folder)
    {
        var labels = new List<float>();
        var names = categorical.Select(c => c.Name).ToList();
        List<string>[]? columns = null;
        var interned = new Dictionary<string, string>();
        string Intern(string s) => interned.TryGetValue(s, out var shared) ? shared : interned[s] = s;
        for (int i = 0; i < files.Length; i++)
        {
            string path = Path.Combine(folder, files[i]);
            foreach (var fields in DelimitedText.Rows(path, ",", fieldCounts[i], hasHeader[i] ? 1 : 0))
            {
                labels.Add(DelimitedText.Binary(fields[labelField], path));
                var extra = derived?.Invoke(fields) ?? [];
                if (columns is null)
                {
                    names.AddRange(extra.Select(e => e.Name));
                    columns = names.Select(_ => new List<string>()).ToArray();
                }
                int j = 0;
                foreach (var (_, field) in categorical) columns[j++].Add(Intern(fields[field]));
                foreach (var (_, value) in extra) columns[j++].Add(Intern(value));
            }
        }
        columns ??= names.Select(_ => new List<string>()).ToArray();
        return new CtrTable(labels.ToArray(), [], names.Select((n, j) => (n, columns[j].ToArray())).ToList());
    }

    public static IReadOnlyList<(string, int)> Named(IEnumerable<string> names, int firstField)
        => names.Select((n, i) => (n, firstField + i)).ToList();
}

/// <summary>MovieLens ratings joined with the users and movies tables; rating ≥ 4 is a click.</summary>
internal sealed class MovieLensLayout(bool oneMillion) : ISharedLayout
{
    private static readonly Encoding Latin1 = Encoding.Latin1;
    public string Description => oneMillion
        ? "ML-1M ratings.dat joined with users.dat and movies.dat (Latin-1); label rating >= 4; categorical user, movie, gender, age bucket, occupation, zip, genres (the movie's genre list as one value)"
        : "ML-100K u.data joined with u.user and u.item (Latin-1); label rating >= 4; dense age; categorical user, movie, gender, occupation, zip, genres (the movie's genre flags as one value), release year";

    public bool Matches(string folder) => oneMillion
        ? new[] { "ratings.dat", "users.dat", "movies.dat" }.All(f => File.Exists(Path.Combine(folder, f)))
        : new[] { "u.data", "u.user", "u.item" }.All(f => File.Exists(Path.Combine(folder, f)));

    public CtrTable Read(string folder) => oneMillion ? ReadOneMillion(folder) : ReadHundredThousand(folder);

    private static CtrTable ReadOneMillion(string folder)
    {
        var users = DelimitedText.Rows(Path.Combine(folder, "users.dat"), "::", 5).ToDictionary(f => f[0]);
        var movies = DelimitedText.Rows(Path.Combine(folder, "movies.dat"), "::", 3, encoding: Latin1).ToDictionary(f => f[0]);
        string[] names = ["user", "movie", "gender", "age", "occupation", "zip", "genres"];
        var columns = names.Select(_ => new List<string>()).ToArray();
        var labels = new List<float>();
        string path = Path.Combine(folder, "ratings.dat");
        foreach (var r in DelimitedText.Rows(path, "::", 4))
        {
            var user = users.TryGetValue(r[0], out var u) ? u : throw new InvalidDataException($"{path}: user {r[0]} is not in users.dat.");
            var movie = movies.TryGetValue(r[1], out var m) ? m : throw new InvalidDataException($"{path}: movie {r[1]} is not in movies.dat.");
            labels.Add(Rating(r[2], path) >= 4 ? 1f : 0f);
            string[] values = [user[0], movie[0], user[1], user[2], user[3], user[4], movie[2]];
            for (int j = 0; j < values.Length; j++) columns[j].Add(values[j]);
        }
        return new CtrTable(labels.ToArray(), [], names.Select((n, j) => (n, columns[j].ToArray())).ToList());
    }

    private static CtrTable ReadHundredThousand(string folder)
    {
        var users = DelimitedText.Rows(Path.Combine(folder, "u.user"), "|", 5).ToDictionary(f => f[0]);
        var items = DelimitedText.Rows(Path.Combine(folder, "u.item"), "|", 24, encoding: Latin1).ToDictionary(f => f[0]);
        string[] names = ["user", "movie", "gender", "occupation", "zip", "genres", "release_year"];
        var columns = names.Select(_ => new List<string>()).ToArray();
        var ages = new List<float>();
        var labels = new List<float>();
        string path = Path.Combine(folder, "u.data");
        foreach (var r in DelimitedText.Rows(path, "\t", 4))
        {
            var user = users.TryGetValue(r[0], out var u) ? u : throw new InvalidDataException($"{path}: user {r[0]} is not in u.user.");
            var item = items.TryGetValue(r[1], out var m) ? m : throw new InvalidDataException($"{path}: item {r[1]} is not in u.item.");
            labels.Add(Rating(r[2], path) >= 4 ? 1f : 0f);
            ages.Add(float.Parse(user[1], CultureInfo.InvariantCulture));
            string genres = string.Concat(item.Skip(5));          // the 19 flags as one value, e.g. 0100100...
            string year = item[2].Length >= 4 ? item[2][^4..] : "";  // release_date like 01-Jan-1995; empty = missing
            string[] values = [user[0], item[0], user[2], user[3], user[4], genres, year];
            for (int j = 0; j < values.Length; j++) columns[j].Add(values[j]);
        }
        return new CtrTable(labels.ToArray(), [("age", ages.ToArray())], names.Select((n, j) => (n, columns[j].ToArray())).ToList());
    }

    private static int Rating(string value, string path)
        => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int r) && r is >= 1 and <= 5
            ? r : throw new InvalidDataException($"{path}: rating '{value}' is not an integer 1-5.");
}

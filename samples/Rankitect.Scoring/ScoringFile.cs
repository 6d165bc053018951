using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rankitect.Scoring;

/// <summary>A field that could not be read: the 1-based line, the column (null: the line as a whole), the text found
/// and what was expected. Printed in the wording of Rankitect's training readers.</summary>
internal sealed record BadField(long Line, string? Column, string Text, string Expected)
{
    public string Describe(string path)
    {
        string shown = (Text.Length <= 120 ? Text : Text[..120] + "...").Replace("\t", "\\t");
        return $"{path}, line {Line}:{(Column is null ? "" : $" {Column}:")} found '{shown}', expected {Expected}.";
    }
}

/// <summary>The parsed values of one row, by column index of <see cref="ScoringFile.Schema"/>.</summary>
internal sealed class RowValues(int columns)
{
    public float[] Singles { get; } = new float[columns];
    public double[] Doubles { get; } = new double[columns];
    public bool[] Booleans { get; } = new bool[columns];
    public ReadOnlyMemory<char>[] Texts { get; } = new ReadOnlyMemory<char>[columns];
}

/// <summary>
/// A TAB-separated scoring file: a header line naming columns, then one row per line. The columns the model reads (its
/// dense and categorical features, from the model info) must all be in the header; other columns (the label, ids) are
/// not read. Every row must have as many fields as the header, and each field the model reads must hold what
/// <see cref="FieldRules"/> allows for its type. Empty lines hold no row and are skipped, as in training.
/// </summary>
internal sealed class ScoringFile
{
    private readonly (int Field, int Column, DataViewType Type)[] _inputs;

    private ScoringFile(string path, string[] header, (int, int, DataViewType)[] inputs, DataViewSchema schema)
    {
        Path = path;
        Header = header;
        _inputs = inputs;
        Schema = schema;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The header's column names, one per field.</summary>
    public string[] Header { get; }

    /// <summary>The columns the model reads, with the types of its saved input schema.</summary>
    public DataViewSchema Schema { get; }

    /// <summary>Reads the header and maps it onto <paramref name="features"/>, with their types from
    /// <paramref name="inputSchema"/>.</summary>
    /// <exception cref="InvalidDataException">The file is empty, a feature column is missing from the header or named
    /// twice, or has a type a text field cannot hold; the message names the file and the column.</exception>
    public static ScoringFile Open(string path, DataViewSchema inputSchema, IReadOnlyList<string> features)
    {
        string? first;
        using (var reader = new StreamReader(path))
            first = reader.ReadLine();
        if (string.IsNullOrEmpty(first))
            throw new InvalidDataException($"{path} is empty; expected a header line naming the model's input columns ({string.Join(", ", features)}), then one row per line.");
        var header = first.Split('\t');
        var builder = new DataViewSchema.Builder();
        var inputs = new List<(int, int, DataViewType)>();
        foreach (var name in features)
        {
            int field = Array.IndexOf(header, name);
            if (field < 0)
                throw new InvalidDataException($"{path}, line 1: the header has no column '{name}', which the model reads; " +
                    $"expected the model's input columns {string.Join(", ", features)} (TAB-separated).");
            if (Array.LastIndexOf(header, name) != field)
                throw new InvalidDataException($"{path}, line 1: column '{name}' is named twice in the header (fields {field + 1} and {Array.LastIndexOf(header, name) + 1}).");
            var type = inputSchema.GetColumnOrNull(name)?.Type
                ?? throw new InvalidDataException($"The model reads column '{name}' but its saved input schema does not have it.");
            if (type is not (TextDataViewType or BooleanDataViewType) && type != NumberDataViewType.Single && type != NumberDataViewType.Double)
                throw new InvalidDataException($"The model reads column '{name}' as {type}, which a field of {path} cannot hold " +
                    "(this app reads Single, Double, Boolean and Text columns).");
            builder.AddColumn(name, type);
            inputs.Add((field, inputs.Count, type));
        }
        return new ScoringFile(path, header, inputs.ToArray(), builder.ToSchema());
    }

    /// <summary>Parses one non-empty line into <paramref name="values"/>; false with the first bad field otherwise.</summary>
    public bool TryParse(string line, long lineNumber, RowValues values, out BadField? error)
    {
        var fields = line.Split('\t');
        if (fields.Length != Header.Length)
        {
            error = new BadField(lineNumber, null, line, $"{Header.Length} TAB-separated fields as in the header, found {fields.Length}");
            return false;
        }
        foreach (var (field, column, type) in _inputs)
        {
            string text = fields[field];
            bool ok;
            if (type is TextDataViewType)
            {
                values.Texts[column] = text.AsMemory();
                ok = true;
            }
            else if (type is BooleanDataViewType)
                ok = FieldRules.TryParseBoolean(text, out values.Booleans[column]);
            else if (type == NumberDataViewType.Double)
                ok = FieldRules.TryParseDouble(text, out values.Doubles[column]);
            else
                ok = FieldRules.TryParseSingle(text, out values.Singles[column]);
            if (!ok)
            {
                error = new BadField(lineNumber, Header[field], text,
                    type is BooleanDataViewType ? FieldRules.ExpectedBoolean : FieldRules.ExpectedNumber);
                return false;
            }
        }
        error = null;
        return true;
    }

    /// <summary>Reads every row once: the number of rows and the bad ones (the first <paramref name="keep"/> of them,
    /// and how many there are in all).</summary>
    public (long Rows, IReadOnlyList<BadField> Bad, long BadCount) Check(int keep)
    {
        var values = new RowValues(Schema.Count);
        var bad = new List<BadField>();
        long rows = 0, badCount = 0;
        foreach (var (line, number) in Lines())
        {
            if (TryParse(line, number, values, out var error))
                rows++;
            else if (++badCount <= keep)
                bad.Add(error!);
        }
        return (rows, bad, badCount);
    }

    /// <summary>The rows as an <see cref="IDataView"/> with <see cref="Schema"/>, read again from the file.</summary>
    public IDataView ToDataView() => new ScoringFileDataView(this);

    /// <summary>The non-empty lines after the header, with their 1-based line numbers.</summary>
    public IEnumerable<(string Line, long Number)> Lines()
    {
        using var reader = new StreamReader(Path);
        reader.ReadLine(); // the header
        long number = 1;
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            number++;
            if (line.Length > 0)
                yield return (line, number);
        }
    }
}

using Microsoft.ML.Data;

namespace Rankitect.Data;

/// <summary>Streams a Criteo-style TSV file; see <see cref="CriteoTsvOptions"/> for the layout.</summary>
internal sealed class CriteoTsvDataView : CtrTextFileDataView
{
    private CriteoTsvDataView(string filePath, CriteoTsvOptions options, string[] columnNames)
        : base(filePath, BuildColumns(options, columnNames))
    {
        Options = options;
        FieldDescriptions = columnNames.Select((name, i) => $"column '{name}' (field {i + 1})").ToArray();
    }

    /// <summary>How error messages name each field of a line, in file order.</summary>
    internal string[] FieldDescriptions { get; }

    internal CriteoTsvOptions Options { get; }

    public static CriteoTsvDataView Create(string filePath, CriteoTsvOptions? options)
    {
        var snapshot = (options ?? new CriteoTsvOptions()).Snapshot<CriteoTsvOptions>();
        if (snapshot.IntegerFeatureCount < 0)
            throw new ArgumentOutOfRangeException(nameof(options), snapshot.IntegerFeatureCount, "IntegerFeatureCount must not be negative.");
        if (snapshot.CategoricalFeatureCount < 0)
            throw new ArgumentOutOfRangeException(nameof(options), snapshot.CategoricalFeatureCount, "CategoricalFeatureCount must not be negative.");
        ArgumentNullException.ThrowIfNull(snapshot.IntegerColumnPrefix, "options.IntegerColumnPrefix");
        ArgumentNullException.ThrowIfNull(snapshot.CategoricalColumnPrefix, "options.CategoricalColumnPrefix");

        var names = new List<string>();
        if (snapshot.HasLabel)
            names.Add(ColumnNaming.RequireName(snapshot.LabelColumnName, "options.LabelColumnName"));
        for (int i = 1; i <= snapshot.IntegerFeatureCount; i++)
            names.Add(snapshot.IntegerColumnPrefix + i);
        for (int i = 1; i <= snapshot.CategoricalFeatureCount; i++)
            names.Add(snapshot.CategoricalColumnPrefix + i);
        ColumnNaming.RequireDistinct(names, nameof(options));
        return new CriteoTsvDataView(filePath, snapshot, names.ToArray());
    }

    protected override IRowReader OpenReader() => new CriteoTsvRowReader(this);

    private static List<(string Name, DataViewType Type)> BuildColumns(CriteoTsvOptions options, string[] names)
    {
        var columns = new List<(string, DataViewType)>(names.Length);
        int column = 0;
        if (options.HasLabel)
            columns.Add((names[column++], BooleanDataViewType.Instance));
        for (int i = 0; i < options.IntegerFeatureCount; i++)
            columns.Add((names[column++], NumberDataViewType.Single));
        for (int i = 0; i < options.CategoricalFeatureCount; i++)
            columns.Add((names[column++], TextDataViewType.Instance));
        return columns;
    }
}

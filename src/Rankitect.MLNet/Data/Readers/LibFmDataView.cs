using Microsoft.ML.Data;

namespace Rankitect.Data;

/// <summary>Streams a libFM / libFFM / libSVM file; see <see cref="LibFmOptions"/> for the layout.</summary>
internal sealed class LibFmDataView : CtrTextFileDataView
{
    private LibFmDataView(string filePath, LibFmOptions options, LibFmLayout layout, List<(string Name, DataViewType Type)> columns)
        : base(filePath, columns)
    {
        Options = options;
        Layout = layout;
    }

    internal LibFmOptions Options { get; }

    internal LibFmLayout Layout { get; }

    public static LibFmDataView Create(string filePath, LibFmOptions? options)
    {
        var snapshot = (options ?? new LibFmOptions()).Snapshot<LibFmOptions>();
        // Copy the lists too, so a caller changing them later does not change the view.
        snapshot.FieldNames = snapshot.FieldNames?.ToArray();
        snapshot.IndexRanges = snapshot.IndexRanges?.ToArray();
        snapshot.NumericFields = snapshot.NumericFields?.ToArray();
        if (snapshot.FieldNames is not null)
        {
            foreach (var name in snapshot.FieldNames)
                ColumnNaming.RequireName(name, "options.FieldNames");
        }

        var labelName = ColumnNaming.RequireName(snapshot.LabelColumnName, "options.LabelColumnName");
        var layout = LibFmLayoutResolver.Resolve(filePath, snapshot);
        var columns = new List<(string Name, DataViewType Type)> { (labelName, BooleanDataViewType.Instance) };
        for (int i = 0; i < layout.ColumnNames.Length; i++)
            columns.Add((layout.ColumnNames[i], layout.Numeric[i] ? NumberDataViewType.Single : TextDataViewType.Instance));
        ColumnNaming.RequireDistinct(columns.Select(c => c.Name).ToList(), nameof(options));
        return new LibFmDataView(filePath, snapshot, layout, columns);
    }

    protected override IRowReader OpenReader() => new LibFmRowReader(this);
}

namespace Rankitect.Data;

/// <summary>Options shared by the CTR text file readers.</summary>
public abstract class CtrTextReaderOptions
{
    /// <summary>Name of the Boolean label column. Default: <c>"Label"</c>.</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>
    /// When false (the default), a malformed line makes the cursor throw a <see cref="CtrDataFormatException"/>.
    /// When true, malformed lines are skipped and counted: see <see cref="CtrTextFileDataView.LastCompletedPass"/>
    /// and <see cref="MalformedLineCallback"/>. Default: <c>false</c>.
    /// </summary>
    public bool SkipMalformedLines { get; set; }

    /// <summary>
    /// Called for each malformed line that is skipped (only when <see cref="SkipMalformedLines"/> is true),
    /// on the thread of the cursor reading it, e.g. to log which lines were dropped. Default: <c>null</c>.
    /// </summary>
    public Action<CtrDataFormatException>? MalformedLineCallback { get; set; }

    // Views keep a copy, so changing the options after loading does not change a view.
    internal T Snapshot<T>() where T : CtrTextReaderOptions => (T)MemberwiseClone();
}

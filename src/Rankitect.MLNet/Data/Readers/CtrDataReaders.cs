using Microsoft.ML;

namespace Rankitect.Data;

/// <summary>
/// Loads the text formats CTR data sets ship in as streaming <see cref="IDataView"/>s:
/// <c>mlContext.Data.LoadCriteoTsv(path)</c>, <c>mlContext.Data.LoadLibFm(path)</c>.
/// </summary>
public static class CtrDataReaders
{
    /// <summary>
    /// Loads a Criteo-style TSV file (label, integer fields, categorical fields; TAB-separated; no header).
    /// The file is read from disk by each cursor, never held in memory.
    /// </summary>
    /// <param name="catalog">The data catalog, <c>mlContext.Data</c>.</param>
    /// <param name="path">Path of the file (UTF-8, LF or CRLF line ends, optional byte order mark).</param>
    /// <param name="options">The layout; null for the Criteo Kaggle layout (label, I1-I13, C1-C26).</param>
    /// <returns>
    /// A view with a Boolean label column (when <see cref="CriteoTsvOptions.HasLabel"/>), Single integer columns
    /// (NaN when missing) and Text categorical columns (empty when missing). Empty lines are skipped.
    /// </returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ArgumentException">The options are inconsistent (e.g. two columns with one name).</exception>
    /// <remarks>Malformed lines make cursors throw <see cref="CtrDataFormatException"/> unless <see cref="CtrTextReaderOptions.SkipMalformedLines"/> is set.</remarks>
    /// <example>
    /// <code>
    /// var data = mlContext.Data.LoadCriteoTsv("train.txt", new CriteoTsvOptions { SkipMalformedLines = true });
    /// // ... fit a pipeline on data ...
    /// Console.WriteLine(data.LastCompletedPass); // rows read, malformed lines skipped
    /// </code>
    /// </example>
    public static CtrTextFileDataView LoadCriteoTsv(this DataOperationsCatalog catalog, string path, CriteoTsvOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return CriteoTsvDataView.Create(RequireFile(path), options);
    }

    /// <summary>
    /// Loads a libFM / libFFM (<c>label field:index:value ...</c>) or libSVM (<c>label index:value ...</c>) file
    /// with one-hot features as one categorical column per field. The file is read from disk by each cursor;
    /// the fields are settled at load time, reading the file once when the options leave them open
    /// (see <see cref="LibFmOptions"/>).
    /// </summary>
    /// <param name="catalog">The data catalog, <c>mlContext.Data</c>.</param>
    /// <param name="path">Path of the file (UTF-8, LF or CRLF line ends, optional byte order mark).</param>
    /// <param name="options">The layout; null to detect the token form and find the fields from the file.</param>
    /// <returns>
    /// A view with a Boolean label column and, per field, a Text column holding the active feature's index
    /// (empty when the line has none) or, for <see cref="LibFmOptions.NumericFields"/>, a Single column holding its value.
    /// Blank lines are skipped.
    /// </returns>
    /// <exception cref="FileNotFoundException">The file (or the feature index file) does not exist.</exception>
    /// <exception cref="ArgumentException">The options are inconsistent.</exception>
    /// <exception cref="CtrDataFormatException">
    /// A line read at load time is malformed and <see cref="CtrTextReaderOptions.SkipMalformedLines"/> is false.
    /// </exception>
    /// <example>
    /// iPinYou data as prepared for FNN (<c>label index:1 ...</c> with a <c>featindex.txt</c>), one column per field
    /// named as in the index file (<c>weekday</c>, <c>hour</c>, ...):
    /// <code>
    /// var data = mlContext.Data.LoadLibFm("train.fm.txt", new LibFmOptions { FeatureIndexPath = "featindex.fm.txt" });
    /// var keyed = mlContext.Transforms.Conversion.MapValueToKey("hour").Fit(data).Transform(data);
    /// </code>
    /// </example>
    public static CtrTextFileDataView LoadLibFm(this DataOperationsCatalog catalog, string path, LibFmOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return LibFmDataView.Create(RequireFile(path), options);
    }

    private static string RequireFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw new FileNotFoundException($"No data file at '{fullPath}'.", fullPath);
        return fullPath;
    }
}

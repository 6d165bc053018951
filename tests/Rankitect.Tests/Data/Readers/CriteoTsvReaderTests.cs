using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Rankitect.Data;

namespace Rankitect.Tests.Data.Readers;

public sealed class CriteoTsvReaderTests : IDisposable
{
    private readonly ReaderTestFiles _files = new();
    private readonly MLContext _ml = new(seed: 1);

    // A small Criteo-like layout keeps the test lines readable: label, I1, I2, C1, C2, C3.
    private static readonly CriteoTsvOptions Small = new() { IntegerFeatureCount = 2, CategoricalFeatureCount = 3 };

    public void Dispose() => _files.Dispose();

    private static string KaggleLine(string label, string[] integers, string[] categoricals)
        => string.Join('\t', new[] { label }.Concat(integers).Concat(categoricals));

    [Fact]
    public void DefaultLayout_IsTheKaggleSchema()
    {
        var view = _ml.Data.LoadCriteoTsv(_files.Write("empty.tsv", ""));

        Assert.Equal(40, view.Schema.Count);
        Assert.Equal("Label", view.Schema[0].Name);
        Assert.IsType<BooleanDataViewType>(view.Schema[0].Type);
        for (int i = 1; i <= 13; i++)
        {
            Assert.Equal($"I{i}", view.Schema[i].Name);
            Assert.Equal(NumberDataViewType.Single, view.Schema[i].Type);
        }
        for (int i = 1; i <= 26; i++)
        {
            Assert.Equal($"C{i}", view.Schema[13 + i].Name);
            Assert.IsType<TextDataViewType>(view.Schema[13 + i].Type);
        }
    }

    [Fact]
    public void DefaultLayout_ReadsValuesAndMissingFields()
    {
        var integers = Enumerable.Range(1, 13).Select(i => i.ToString()).ToArray();
        integers[1] = "-1";  // I2 has negative values in the real data
        integers[11] = "";   // I12 is often missing
        var categoricals = Enumerable.Range(1, 26).Select(i => $"{i:x8}").ToArray();
        categoricals[21] = ""; // C22 is often missing
        categoricals[25] = ""; // a missing last field leaves a trailing TAB
        string path = _files.Write("kaggle.tsv", KaggleLine("1", integers, categoricals) + "\n");

        var view = _ml.Data.LoadCriteoTsv(path);
        var row = Assert.Single(ViewRows.ReadAll(view));

        Assert.Equal(true, row[0]);
        Assert.Equal(1f, row[view.Schema["I1"].Index]);
        Assert.Equal(-1f, row[view.Schema["I2"].Index]);
        Assert.True(float.IsNaN((float)row[view.Schema["I12"].Index]));
        Assert.Equal(13f, row[view.Schema["I13"].Index]);
        Assert.Equal("00000001", row[view.Schema["C1"].Index]);
        Assert.Equal("", row[view.Schema["C22"].Index]);
        Assert.Equal("00000019", row[view.Schema["C25"].Index]);
        Assert.Equal("", row[view.Schema["C26"].Index]);
    }

    [Fact]
    public void Numbers_AcceptIntegersAndDecimals()
    {
        string path = _files.Write("numbers.tsv", "0\t123456789012\t-2.5\ta\tb\tc\n0\t1e3\t0\t\t\t\n");

        var rows = ViewRows.ReadAll(_ml.Data.LoadCriteoTsv(path, Small));

        Assert.Equal(123456789012f, rows[0][1]);
        Assert.Equal(-2.5f, rows[0][2]);
        Assert.Equal(1000f, rows[1][1]);
        Assert.Equal(new object[] { "", "", "" }, rows[1][3..]);
    }

    [Fact]
    public void Labels_AcceptMinusOneZeroOneInIntegerAndDecimalForms()
    {
        var lines = new[] { "1", "0", "-1", "1.0", "0.0", "+1", "-1.0" }.Select(label => $"{label}\t1\t2\ta\tb\tc");
        string path = _files.Write("labels.tsv", string.Join('\n', lines) + "\n");

        var view = _ml.Data.LoadCriteoTsv(path, Small);

        Assert.Equal(new object[] { true, false, false, true, false, true, false }, ViewRows.Column(ViewRows.ReadAll(view), view, "Label"));
    }

    [Fact]
    public void TruncatedRow_WithAllowTruncatedRows_ReadsCutFieldsAsMissing()
    {
        string path = _files.Write("short.tsv", "1\t5\n0\t1\t2\ta\n");
        var options = new CriteoTsvOptions { IntegerFeatureCount = 2, CategoricalFeatureCount = 3, AllowTruncatedRows = true };

        var rows = ViewRows.ReadAll(_ml.Data.LoadCriteoTsv(path, options));

        Assert.Equal(true, rows[0][0]);
        Assert.Equal(5f, rows[0][1]);
        Assert.True(float.IsNaN((float)rows[0][2]));
        Assert.Equal(new object[] { "", "", "" }, rows[0][3..]);
        Assert.Equal(new object[] { "a", "", "" }, rows[1][3..]);
    }

    [Fact]
    public void SkipMalformedLines_SkipsCountsAndReportsEachLine()
    {
        string path = _files.Write("mixed.tsv",
            "1\t1\t2\ta\tb\tc\n" +
            "x\t1\t2\ta\tb\tc\n" +   // bad label
            "\n" +
            "0\t1\t2\ta\n" +         // truncated
            "0\t3\t4\td\te\tf\n" +
            "0\t3\tz\td\te\tf\n");   // bad integer, last line
        var reported = new List<CtrDataFormatException>();
        var options = new CriteoTsvOptions
        {
            IntegerFeatureCount = 2,
            CategoricalFeatureCount = 3,
            SkipMalformedLines = true,
            MalformedLineCallback = reported.Add,
        };
        var view = _ml.Data.LoadCriteoTsv(path, options);
        Assert.Null(view.LastCompletedPass);

        var rows = ViewRows.ReadAll(view);

        Assert.Equal(new object[] { "a", "d" }, ViewRows.Column(rows, view, "C1"));
        var statistics = view.LastCompletedPass!;
        Assert.Equal(3, statistics.MalformedLineCount);
        Assert.Equal(2, statistics.RowCount);
        Assert.Equal(1, statistics.EmptyLineCount);
        Assert.Equal(6, statistics.LineCount);
        Assert.Equal(new long[] { 2, 4, 6 }, reported.Select(e => e.LineNumber));
        Assert.Equal("z", reported[2].OffendingText);
    }

    [Fact]
    public void Statistics_ComeOnlyFromPassesThatReachTheEnd()
    {
        string path = _files.Write("three.tsv", "0\t1\t2\ta\tb\tc\n1\t1\t2\ta\tb\tc\n0\t1\t2\ta\tb\tc\n");
        var view = _ml.Data.LoadCriteoTsv(path, Small);

        using (var cursor = view.GetRowCursor(view.Schema))
            cursor.MoveNext();
        Assert.Null(view.LastCompletedPass);

        ViewRows.ReadAll(view);
        Assert.Equal(3, view.LastCompletedPass!.RowCount);
        Assert.Equal(0, view.LastCompletedPass.MalformedLineCount);
    }

    [Fact]
    public void LineEnds_Bom_EmptyLines_AndMissingFinalNewline()
    {
        var bom = new byte[] { 0xEF, 0xBB, 0xBF };
        string text = "1\t1\t2\ta\tb\tc\r\n\r\n\n0\t3\t\td\te\t\r\n\n1\t5\t6\tg\th\ti";
        string path = _files.WriteBytes("crlf.tsv", bom.Concat(Encoding.UTF8.GetBytes(text)).ToArray());
        var view = _ml.Data.LoadCriteoTsv(path, Small);

        var rows = ViewRows.ReadAll(view);

        Assert.Equal(3, rows.Count);
        Assert.Equal(new object[] { true, 1f, 2f, "a", "b", "c" }, rows[0]);
        Assert.Equal(new object[] { false, 3f, float.NaN, "d", "e", "" }, rows[1]);
        Assert.Equal(new object[] { true, 5f, 6f, "g", "h", "i" }, rows[2]);
        Assert.Equal(6, view.LastCompletedPass!.LineCount);
        Assert.Equal(3, view.LastCompletedPass.EmptyLineCount);
    }

    [Fact]
    public void LineNumbers_CountEmptyLinesAndCrlf()
    {
        string path = _files.Write("crlf-bad.tsv", "1\t1\t2\ta\tb\tc\r\n\r\n0\tbad\t2\ta\tb\tc\r\n");

        var error = Assert.Throws<CtrDataFormatException>(() => ViewRows.ReadAll(_ml.Data.LoadCriteoTsv(path, Small)));

        Assert.Equal(3, error.LineNumber);
        Assert.Equal("bad", error.OffendingText);
    }

    [Fact]
    public void CustomCountsPrefixesAndNoLabel()
    {
        string path = _files.Write("nolabel.tsv", "7\tx\ty\n\t\tz\n");
        var options = new CriteoTsvOptions
        {
            HasLabel = false,
            IntegerFeatureCount = 1,
            CategoricalFeatureCount = 2,
            IntegerColumnPrefix = "num_",
            CategoricalColumnPrefix = "cat_",
        };

        var view = _ml.Data.LoadCriteoTsv(path, options);
        var rows = ViewRows.ReadAll(view);

        Assert.Equal(new[] { "num_1", "cat_1", "cat_2" }, view.Schema.Select(c => c.Name));
        Assert.Equal(new object[] { 7f, "x", "y" }, rows[0]);
        Assert.Equal(new object[] { float.NaN, "", "z" }, rows[1]);
    }

    [Fact]
    public void ReadingTwice_GivesTheSameRows_AndFollowsTheFile()
    {
        string path = _files.Write("twice.tsv", "1\t1\t\ta\t\tc\n0\t\t2\t\tb\t\n");
        var view = _ml.Data.LoadCriteoTsv(path, Small);

        var first = ViewRows.ReadAll(view);
        var second = ViewRows.ReadAll(view);
        Assert.Equal(first, second);

        // The view streams from disk instead of holding a copy.
        File.AppendAllText(path, "1\t9\t9\tz\tz\tz\n");
        Assert.Equal(3, ViewRows.ReadAll(view).Count);
    }

    [Fact]
    public void TwoCursorsAtOnce_ReadIndependently()
    {
        string path = _files.Write("two.tsv", "1\t1\t2\ta\tb\tc\n0\t3\t4\td\te\tf\n");
        var view = _ml.Data.LoadCriteoTsv(path, Small);
        using var one = view.GetRowCursor(view.Schema);
        using var two = view.GetRowCursor(view.Schema);
        var c1One = one.GetGetter<ReadOnlyMemory<char>>(view.Schema["C1"]);
        var c1Two = two.GetGetter<ReadOnlyMemory<char>>(view.Schema["C1"]);
        ReadOnlyMemory<char> a = default, b = default;

        Assert.True(one.MoveNext());
        Assert.True(one.MoveNext());
        Assert.True(two.MoveNext());
        c1One(ref a);
        c1Two(ref b);

        Assert.Equal("d", a.ToString());
        Assert.Equal("a", b.ToString());
    }

    [Fact]
    public void PreviewAndCache_KeepTextOfEarlierRows()
    {
        // Preview and Cache hold on to the text values of every row; the file spans many char blocks.
        var text = new StringBuilder();
        for (int i = 0; i < 3000; i++)
            text.Append($"{i % 2}\t{i}\t\tc1_{i}\tc2_{i}\t{new string('x', i % 50)}\n");
        string path = _files.Write("many.tsv", text.ToString());
        var view = _ml.Data.LoadCriteoTsv(path, Small);

        var preview = view.Preview(maxRows: 3000);
        var cached = ViewRows.ReadAll(_ml.Data.Cache(view));

        var expected = Enumerable.Range(0, 3000).Select(i => (object)$"c1_{i}").ToArray();
        Assert.Equal(expected, preview.ColumnView[view.Schema["C1"].Index].Values.Select(v => (object)v.ToString()!).ToArray());
        Assert.Equal(expected, ViewRows.Column(cached, view, "C1"));
    }

    [Fact]
    public void WorksInAnMLNetPipeline()
    {
        string path = _files.Write("pipeline.tsv", "1\t1\t\tred\tb\tc\n0\t\t2\tblue\tb\t\n1\t3\t4\tred\t\tc\n");
        var view = _ml.Data.LoadCriteoTsv(path, Small);
        var pipeline = _ml.Transforms.Conversion.MapValueToKey("C1Key", "C1")
            .Append(_ml.Transforms.ReplaceMissingValues("I1Filled", "I1", MissingValueReplacingEstimator.ReplacementMode.Mean));

        var preview = pipeline.Fit(view).Transform(view).Preview();

        var keys = preview.ColumnView.Single(c => c.Column.Name == "C1Key").Values.Cast<uint>().ToArray();
        Assert.Equal(new uint[] { 1, 2, 1 }, keys);
        // Empty text (a missing categorical) maps to the missing key 0.
        var c3Keys = _ml.Transforms.Conversion.MapValueToKey("C3Key", "C3").Fit(view).Transform(view).Preview();
        Assert.Equal(new uint[] { 1, 0, 1 }, c3Keys.ColumnView.Single(c => c.Column.Name == "C3Key").Values.Cast<uint>());
        var filled = preview.ColumnView.Single(c => c.Column.Name == "I1Filled").Values.Cast<float>().ToArray();
        Assert.Equal(new[] { 1f, 2f, 3f }, filled); // the mean of 1 and 3 replaces the missing value
    }

    [Fact]
    public void OptionsChangedAfterLoading_DoNotChangeTheView()
    {
        string path = _files.Write("snapshot.tsv", "1\t1\t2\ta\tb\tc\n");
        var options = new CriteoTsvOptions { IntegerFeatureCount = 2, CategoricalFeatureCount = 3 };
        var view = _ml.Data.LoadCriteoTsv(path, options);

        options.CategoricalFeatureCount = 1;

        Assert.Single(ViewRows.ReadAll(view));
    }

    [Fact]
    public void InvalidArguments_FailAtLoad()
    {
        string path = _files.Write("args.tsv", "");

        Assert.Throws<FileNotFoundException>(() => _ml.Data.LoadCriteoTsv(path + ".missing"));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ml.Data.LoadCriteoTsv(path, new CriteoTsvOptions { IntegerFeatureCount = -1 }));
        var duplicate = Assert.Throws<ArgumentException>(() => _ml.Data.LoadCriteoTsv(path, new CriteoTsvOptions { CategoricalColumnPrefix = "I" }));
        Assert.Contains("'I1'", duplicate.Message);
        Assert.Throws<ArgumentException>(() => _ml.Data.LoadCriteoTsv(path, new CriteoTsvOptions { LabelColumnName = "" }));
    }
}

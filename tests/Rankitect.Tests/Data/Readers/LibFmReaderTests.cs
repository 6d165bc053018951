using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Data;

namespace Rankitect.Tests.Data.Readers;

public sealed class LibFmReaderTests : IDisposable
{
    private readonly ReaderTestFiles _files = new();
    private readonly MLContext _ml = new(seed: 1);

    public void Dispose() => _files.Dispose();

    private static string[] Names(IDataView view) => view.Schema.Select(c => c.Name).ToArray();

    // ---- field:index:value ----

    [Fact]
    public void FieldAware_PrePassFindsFieldsInIdOrder_AbsentFieldIsEmpty()
    {
        string path = _files.Write("ffm.txt",
            "1 0:10:1 2:30:1\n" +
            "0 0:11:1 1:20:1 2:31:1\n" +
            "-1 5:50:1\n");

        var view = _ml.Data.LoadLibFm(path);
        var rows = ViewRows.ReadAll(view);

        Assert.Equal(new[] { "Label", "F0", "F1", "F2", "F5" }, Names(view));
        Assert.All(view.Schema.Skip(1), c => Assert.IsType<TextDataViewType>(c.Type));
        Assert.Equal(new object[] { true, "10", "", "30", "" }, rows[0]);
        Assert.Equal(new object[] { false, "11", "20", "31", "" }, rows[1]);
        Assert.Equal(new object[] { false, "", "", "", "50" }, rows[2]);
    }

    [Fact]
    public void FieldAware_FieldNames_NameFieldsById_AndRejectOtherIds()
    {
        string path = _files.Write("named.txt", "1 1:7:1 0:3:1\n0 0:4:1 2:9:1\n");
        var view = _ml.Data.LoadLibFm(path, new LibFmOptions { FieldNames = new[] { "user", "item" } });

        Assert.Equal(new[] { "Label", "user", "item" }, Names(view));
        var error = Assert.Throws<CtrDataFormatException>(() => ViewRows.ReadAll(view));

        Assert.Equal(2, error.LineNumber);
        Assert.Equal("2:9:1", error.OffendingText);
        Assert.Contains("feature token 2", error.Message);
        Assert.Contains("a field id below 2", error.Message);
    }

    [Fact]
    public void Labels_AcceptMinusOneZeroOneAndDecimalForms()
    {
        string path = _files.Write("labels.txt", "1 0:1:1\n0 0:1:1\n-1 0:1:1\n+1 0:1:1\n1.0 0:1:1\n0.0 0:1:1\n");

        var view = _ml.Data.LoadLibFm(path);

        Assert.Equal(new object[] { true, false, false, true, true, false }, ViewRows.Column(ViewRows.ReadAll(view), view, "Label"));
    }

    [Fact]
    public void RepeatedField_KeepFirst_And_Join()
    {
        string path = _files.Write("repeat.txt", "1 0:1:1 1:5:1 0:9:1 1:6:1 1:7:1\n0 1:8:1\n");

        var first = ViewRows.ReadAll(_ml.Data.LoadLibFm(path, new LibFmOptions { RepeatedFieldHandling = LibFmRepeatedFieldHandling.KeepFirst }));
        var joined = ViewRows.ReadAll(_ml.Data.LoadLibFm(path, new LibFmOptions { RepeatedFieldHandling = LibFmRepeatedFieldHandling.Join }));
        var commas = ViewRows.ReadAll(_ml.Data.LoadLibFm(path, new LibFmOptions { RepeatedFieldHandling = LibFmRepeatedFieldHandling.Join, JoinSeparator = ',' }));

        Assert.Equal(new object[] { true, "1", "5" }, first[0]);
        Assert.Equal(new object[] { true, "1 9", "5 6 7" }, joined[0]);
        Assert.Equal(new object[] { false, "", "8" }, joined[1]);
        Assert.Equal(new object[] { true, "1,9", "5,6,7" }, commas[0]);
    }

    [Fact]
    public void Join_KeepsTextOfEarlierRows()
    {
        var text = new StringBuilder();
        for (int i = 0; i < 2000; i++)
            text.Append($"1 0:{i}:1 0:{i + 1}:1\n");
        var view = _ml.Data.LoadLibFm(_files.Write("joins.txt", text.ToString()), new LibFmOptions { RepeatedFieldHandling = LibFmRepeatedFieldHandling.Join });

        var preview = view.Preview(maxRows: 2000);

        var values = preview.ColumnView[1].Values.Select(v => v.ToString()).ToArray();
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => $"{i} {i + 1}"), values);
    }

    [Fact]
    public void NonUnitValue_OnACategoricalField_IsMalformedUnlessValuesAreIgnored()
    {
        string path = _files.Write("values.txt", "1 0:1:1.0 1:5:1\n0 0:2:1 1:6:0.5\n");

        var error = Assert.Throws<CtrDataFormatException>(() => ViewRows.ReadAll(_ml.Data.LoadLibFm(path)));
        var rows = ViewRows.ReadAll(_ml.Data.LoadLibFm(path, new LibFmOptions { RequireOneHotValues = false }));

        Assert.Equal(2, error.LineNumber);
        Assert.Equal("1:6:0.5", error.OffendingText);
        Assert.Contains("value 1", error.Message);
        Assert.Equal(new object[] { false, "2", "6" }, rows[1]);
    }

    [Fact]
    public void NumericFields_AreSingleColumnsWithTheValue()
    {
        string path = _files.Write("numeric.txt", "1 0:1:1 1:0:0.25\n0 0:2:1\n");

        var zero = _ml.Data.LoadLibFm(path, new LibFmOptions { NumericFields = new[] { "F1" } });
        var nan = _ml.Data.LoadLibFm(path, new LibFmOptions { NumericFields = new[] { "F1" }, AbsentNumericValue = float.NaN });

        Assert.Equal(NumberDataViewType.Single, zero.Schema["F1"].Type);
        Assert.Equal(new object[] { true, "1", 0.25f }, ViewRows.ReadAll(zero)[0]);
        Assert.Equal(new object[] { false, "2", 0f }, ViewRows.ReadAll(zero)[1]);
        Assert.Equal(new object[] { false, "2", float.NaN }, ViewRows.ReadAll(nan)[1]);
        var unknown = Assert.Throws<ArgumentException>(() => _ml.Data.LoadLibFm(path, new LibFmOptions { NumericFields = new[] { "F9" } }));
        Assert.Contains("F9", unknown.Message);
    }

    [Fact]
    public void RepeatedNumericField_IsMalformedEvenWhenJoining()
    {
        string path = _files.Write("numeric-repeat.txt", "1 0:1:0.5 0:2:0.25\n");
        var options = new LibFmOptions { NumericFields = new[] { "F0" }, RepeatedFieldHandling = LibFmRepeatedFieldHandling.Join };

        var error = Assert.Throws<CtrDataFormatException>(() => ViewRows.ReadAll(_ml.Data.LoadLibFm(path, options)));

        Assert.Equal("0:2:0.25", error.OffendingText);
    }

    // ---- index:value ----

    [Fact]
    public void IndexValue_WithoutMap_IsPositional()
    {
        string path = _files.Write("svm.txt", "1 3:1 10:1 22:1\n0 4:1 11:1 20:1\n");

        var view = _ml.Data.LoadLibFm(path);
        var named = _ml.Data.LoadLibFm(path, new LibFmOptions { FieldNames = new[] { "hour", "site", "ad" } });

        Assert.Equal(new[] { "Label", "F0", "F1", "F2" }, Names(view));
        Assert.Equal(new object[] { true, "3", "10", "22" }, ViewRows.ReadAll(view)[0]);
        Assert.Equal(new[] { "Label", "hour", "site", "ad" }, Names(named));
        Assert.Equal(new object[] { false, "4", "11", "20" }, ViewRows.ReadAll(named)[1]);
    }

    [Fact]
    public void IndexValue_Positional_LineWithAnotherTokenCount_IsMalformed()
    {
        string path = _files.Write("svm.txt", "1 3:1 10:1 22:1\n0 4:1 11:1\n1 4:1 11:1 20:1 30:1\n0 5:1 12:1 21:1\n");

        var error = Assert.Throws<CtrDataFormatException>(() => ViewRows.ReadAll(_ml.Data.LoadLibFm(path)));
        var skipping = _ml.Data.LoadLibFm(path, new LibFmOptions { SkipMalformedLines = true });
        var rows = ViewRows.ReadAll(skipping);

        Assert.Equal(2, error.LineNumber);
        Assert.Contains("3 feature tokens", error.Message);
        Assert.Contains("line 1", error.Message);
        Assert.Contains("has 2", error.Message);
        Assert.Equal(2, rows.Count);
        Assert.Equal(2, skipping.LastCompletedPass!.MalformedLineCount);
    }

    [Fact]
    public void IndexValue_FeatureIndexFile_NamesFieldsAndMapsIndices()
    {
        // The iPinYou featindex layout: field:value<TAB>index, fields in blocks, an "other" bucket each.
        string featIndex = _files.Write("featindex.txt",
            "weekday:other\t0\nweekday:2\t1\nweekday:3\t2\n" +
            "hour:other\t3\nhour:00\t4\nhour:01\t5\n" +
            "IP:other\t6\nIP:60.22.69.*\t7\nslotprice:101+\t8\n");
        string data = _files.Write("train.txt", "0 1:1 4:1 7:1 8:1\n1 2:1 5:1 6:1\n");

        var view = _ml.Data.LoadLibFm(data, new LibFmOptions { FeatureIndexPath = featIndex });
        var rows = ViewRows.ReadAll(view);

        Assert.Equal(new[] { "Label", "weekday", "hour", "IP", "slotprice" }, Names(view));
        Assert.Equal(new object[] { false, "1", "4", "7", "8" }, rows[0]);
        Assert.Equal(new object[] { true, "2", "5", "6", "" }, rows[1]);
    }

    [Fact]
    public void IndexValue_FeatureIndexFile_IndexNotInTheFile_IsMalformed()
    {
        string featIndex = _files.Write("featindex.txt", "a:x\t0\nb:y\t1\n");
        string data = _files.Write("train.txt", "0 0:1 1:1\n0 0:1 7:1\n");

        var error = Assert.Throws<CtrDataFormatException>(() => ViewRows.ReadAll(_ml.Data.LoadLibFm(data, new LibFmOptions { FeatureIndexPath = featIndex })));

        Assert.Equal(2, error.LineNumber);
        Assert.Equal("7:1", error.OffendingText);
        Assert.Contains("the feature index file", error.Message);
    }

    [Fact]
    public void FeatureIndexFile_Problems_FailAtLoad()
    {
        string data = _files.Write("train.txt", "0 0:1\n");
        string twice = _files.Write("twice.txt", "a:x\t0\nb:y\t0\n");
        string broken = _files.Write("broken.txt", "a:x\t0\nno-index-here\n");

        Assert.Throws<FormatException>(() => _ml.Data.LoadLibFm(data, new LibFmOptions { FeatureIndexPath = twice }));
        var error = Assert.Throws<CtrDataFormatException>(() => _ml.Data.LoadLibFm(data, new LibFmOptions { FeatureIndexPath = broken }));
        Assert.Equal(2, error.LineNumber);
        Assert.Throws<FileNotFoundException>(() => _ml.Data.LoadLibFm(data, new LibFmOptions { FeatureIndexPath = broken + ".missing" }));
    }

    [Fact]
    public void IndexValue_IndexRanges()
    {
        string path = _files.Write("ranges.txt", "1 0:1 15:1 100:1\n0 9:1 10:1\n0 5:1 200:1\n");
        var options = new LibFmOptions
        {
            IndexRanges = new[] { new LibFmIndexRange("user", 0, 9), new LibFmIndexRange("item", 10, 99), new LibFmIndexRange("user", 100, 109) },
            RepeatedFieldHandling = LibFmRepeatedFieldHandling.Join,
        };

        var view = _ml.Data.LoadLibFm(path, options);
        var error = Assert.Throws<CtrDataFormatException>(() => ViewRows.ReadAll(view));

        Assert.Equal(new[] { "Label", "user", "item" }, Names(view));
        Assert.Equal(3, error.LineNumber);
        Assert.Equal("200:1", error.OffendingText);
        options.SkipMalformedLines = true;
        var rows = ViewRows.ReadAll(_ml.Data.LoadLibFm(path, options));
        Assert.Equal(new object[] { true, "0 100", "15" }, rows[0]);
        Assert.Equal(new object[] { false, "9", "10" }, rows[1]);
    }

    [Fact]
    public void IndexRanges_MustNotOverlap()
    {
        string path = _files.Write("ranges.txt", "1 0:1\n");
        var options = new LibFmOptions { IndexRanges = new[] { new LibFmIndexRange("a", 0, 10), new LibFmIndexRange("b", 10, 20) } };

        Assert.Throws<ArgumentException>(() => _ml.Data.LoadLibFm(path, options));
    }

    [Fact]
    public void ConflictingOptions_FailAtLoad()
    {
        string ffm = _files.Write("ffm.txt", "1 0:1:1\n");
        string featIndex = _files.Write("featindex.txt", "a:x\t1\n");
        var ranges = new[] { new LibFmIndexRange("a", 0, 1) };

        Assert.Throws<ArgumentException>(() => _ml.Data.LoadLibFm(ffm, new LibFmOptions { FeatureIndexPath = featIndex, IndexRanges = ranges }));
        Assert.Throws<ArgumentException>(() => _ml.Data.LoadLibFm(ffm, new LibFmOptions { FeatureIndexPath = featIndex, FieldNames = new[] { "a" } }));
        Assert.Throws<ArgumentException>(() => _ml.Data.LoadLibFm(ffm, new LibFmOptions { Format = LibFmFormat.FieldIndexValue, IndexRanges = ranges }));
        Assert.Throws<ArgumentException>(() => _ml.Data.LoadLibFm(ffm, new LibFmOptions { FieldNames = new[] { "Label" } }));
    }

    [Fact]
    public void Auto_PicksTheFormFromTheFirstFeatureToken()
    {
        string ffm = _files.Write("ffm.txt", "1\n0 2:7:1\n");
        string svm = _files.Write("svm.txt", "\n1 7:1\n");

        Assert.Equal(new[] { "Label", "F2" }, Names(_ml.Data.LoadLibFm(ffm)));
        Assert.Equal(new[] { "Label", "F0" }, Names(_ml.Data.LoadLibFm(svm)));
        // Forcing the other form makes every feature token malformed.
        var error = Assert.Throws<CtrDataFormatException>(() => ViewRows.ReadAll(_ml.Data.LoadLibFm(ffm, new LibFmOptions { Format = LibFmFormat.IndexValue })));
        Assert.Equal(2, error.LineNumber);
        Assert.Equal("2:7:1", error.OffendingText);
    }

    [Fact]
    public void SkipMalformedLines_AlsoAtLoad_CountsWhileStreaming()
    {
        // Line 2's bad token names field 9: the skipped line must not add a column.
        string path = _files.Write("mixed.txt", "1 0:1:1 1:2:1\n1 0:1:1 9:x:1\nyes 0:1:1\n   \n0 0:3:1 1:4:1\n0 0:3:1 1:4:1 1:5:1\n");
        var reported = new List<long>();
        var options = new LibFmOptions { SkipMalformedLines = true, MalformedLineCallback = e => reported.Add(e.LineNumber) };

        var view = _ml.Data.LoadLibFm(path, options);
        Assert.Empty(reported); // the load-time read does not report; streaming does
        var rows = ViewRows.ReadAll(view);

        Assert.Equal(new[] { "Label", "F0", "F1" }, Names(view));
        Assert.Equal(2, rows.Count);
        Assert.Equal(new long[] { 2, 3, 6 }, reported);
        Assert.Equal(3, view.LastCompletedPass!.MalformedLineCount);
        Assert.Equal(1, view.LastCompletedPass.EmptyLineCount);
        Assert.Equal(6, view.LastCompletedPass.LineCount);
    }

    [Fact]
    public void LineEnds_Bom_Tabs_BlankLines_AndMissingFinalNewline()
    {
        var bom = new byte[] { 0xEF, 0xBB, 0xBF };
        string text = "1  0:1:1\t1:2:1 \r\n\r\n \t \n0\t0:3:1   1:4:1";
        string path = _files.WriteBytes("crlf.txt", bom.Concat(Encoding.UTF8.GetBytes(text)).ToArray());

        var view = _ml.Data.LoadLibFm(path);
        var rows = ViewRows.ReadAll(view);

        Assert.Equal(new[] { "Label", "F0", "F1" }, Names(view));
        Assert.Equal(new object[] { true, "1", "2" }, rows[0]);
        Assert.Equal(new object[] { false, "3", "4" }, rows[1]);
        Assert.Equal(2, view.LastCompletedPass!.EmptyLineCount);
    }

    [Fact]
    public void ReadingTwice_GivesTheSameRows()
    {
        string path = _files.Write("twice.txt", "1 0:1:1 1:2:1\n0 1:4:1\n-1 0:5:1\n");
        var view = _ml.Data.LoadLibFm(path);

        Assert.Equal(ViewRows.ReadAll(view), ViewRows.ReadAll(view));
    }

    [Fact]
    public void WorksInAnMLNetPipeline()
    {
        string path = _files.Write("pipeline.txt", "1 0:10:1 1:20:1\n0 0:11:1 1:20:1\n1 0:10:1\n");
        var view = _ml.Data.LoadLibFm(path, new LibFmOptions { FieldNames = new[] { "user", "item" } });
        var pipeline = _ml.Transforms.Conversion.MapValueToKey("UserKey", "user")
            .Append(_ml.Transforms.Conversion.MapValueToKey("ItemKey", "item"));

        var preview = pipeline.Fit(view).Transform(view).Preview();

        Assert.Equal(new uint[] { 1, 2, 1 }, preview.ColumnView.Single(c => c.Column.Name == "UserKey").Values.Cast<uint>());
        // The empty text of an absent field maps to the missing key 0.
        Assert.Equal(new uint[] { 1, 1, 0 }, preview.ColumnView.Single(c => c.Column.Name == "ItemKey").Values.Cast<uint>());
    }
}

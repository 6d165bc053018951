using Microsoft.ML;
using Rankitect.Data;
using Rankitect.Tests.Data.Readers;
using static Rankitect.Tests.Reliability.BadInput;

namespace Rankitect.Tests.Reliability;

// Malformed CTR text files: every error names the file, the 1-based line, the column or token and the text found.
public partial class BadInputCatalog
{
    // A small Criteo-like layout keeps the lines readable: label, I1, I2, C1, C2, C3.
    private static readonly CriteoTsvOptions SmallCriteo = new() { IntegerFeatureCount = 2, CategoricalFeatureCount = 3 };

    private static Action<ReaderTestFiles> ReadCriteo(string file, string text)
        => files => ViewRows.ReadAll(new MLContext(1).Data.LoadCriteoTsv(files.Write(file, text), SmallCriteo));

    private static IEnumerable<BadInput> DataFiles()
    {
        foreach (var label in new[] { "2", "yes", "0.5", "" })
        {
            yield return Refused<CtrDataFormatException>($"Criteo TSV: label '{label}'", "-",
                ReadCriteo("badlabel.tsv", $"0\t1\t2\ta\tb\tc\n1\t1\t2\ta\tb\tc\n{label}\t1\t2\ta\tb\tc\n"),
                "badlabel.tsv", "line 3", $"'{label}'", "Label", "-1, 0 or 1").Also<CtrDataFormatException>(e =>
                {
                    Assert.Equal(3, e.LineNumber);
                    Assert.Equal(label, e.OffendingText);
                });
        }
        yield return Refused<CtrDataFormatException>("Criteo TSV: 'abc' in a dense column", "-",
            ReadCriteo("badint.tsv", "0\t1\t2\ta\tb\tc\n1\t7\tabc\ta\tb\tc\n"),
            "badint.tsv, line 2: column 'I2' (field 3): found 'abc', expected a number or an empty field.").Also<CtrDataFormatException>(e =>
            {
                Assert.IsAssignableFrom<FormatException>(e);
                Assert.EndsWith("badint.tsv", e.FilePath);
                Assert.Equal(2, e.LineNumber);
                Assert.Equal("abc", e.OffendingText);
                Assert.Equal("column 'I2' (field 3)", e.Column);
            });
        foreach (var number in new[] { "NaN", "1e39", "+Infinity", "-Infinity", "1,5", "0x10" })
        {
            yield return Refused<CtrDataFormatException>($"Criteo TSV: '{number}' in a dense column", number.Contains("Infinity") ? "5" : "-",
                ReadCriteo("foreign.tsv", $"0\t{number}\t2\ta\tb\tc\n"), "foreign.tsv", "line 1", "column 'I1'", $"'{number}'", "expected a number")
                .Also<CtrDataFormatException>(e => Assert.Equal(number, e.OffendingText));
        }
        yield return Refused<CtrDataFormatException>("Criteo TSV: a short line (trailing fields cut off)", "-",
            ReadCriteo("short.tsv", "0\t1\t2\ta\tb\tc\n1\t1\t2\ta\n"),
            "short.tsv", "line 2", "6 TAB-separated fields, found 4", "AllowTruncatedRows", @"found '1\t1\t2\ta'").Also<CtrDataFormatException>(e =>
            {
                Assert.Equal(2, e.LineNumber);
                Assert.Equal("1\t1\t2\ta", e.OffendingText); // TABs are visible in the message, the property keeps them
            });
        yield return Refused<CtrDataFormatException>("Criteo TSV: a line with extra fields", "-",
            ReadCriteo("long.tsv", "0\t1\t2\ta\tb\tc\td\te\n"), "long.tsv", "line 1", "6 TAB-separated fields, found 8");
        yield return Refused<InvalidDataException>("Criteo TSV: a file of empty lines", "8",
            files => new MLContext(1).Data.LoadCriteoTsv(files.Write("blank.tsv", "\n\n")).Preview(10), "blank.tsv", "no data rows");
        yield return Refused<InvalidDataException>("Criteo TSV: an empty file given to Fit", "8",
            files => new MLContext(1).Ranking().Rankitect(ReliabilityData.Fast()).Fit(new MLContext(1).Data.LoadCriteoTsv(files.Write("empty.tsv", ""))),
            "empty.tsv", "has no data rows");
        yield return Refused<FileNotFoundException>("Criteo TSV: a file that is not there", "-",
            files => new MLContext(1).Data.LoadCriteoTsv(files.Write("here.tsv", "") + ".missing"), "here.tsv.missing");

        foreach (var label in new[] { "2", "click", "0.5" })
        {
            // The load-time pre-pass meets the line first.
            yield return Refused<CtrDataFormatException>($"libFM: label '{label}'", "-",
                files => new MLContext(1).Data.LoadLibFm(files.Write("badlabel.txt", $"1 0:1:1\n\n{label} 0:2:1\n")),
                "badlabel.txt", "line 3", $"'{label}'", "-1, 0 or 1").Also<CtrDataFormatException>(e => Assert.Equal(3, e.LineNumber));
        }
        yield return Refused<CtrDataFormatException>("libFM: label '2' found while streaming (field names given)", "-",
            files => ViewRows.ReadAll(new MLContext(1).Data.LoadLibFm(files.Write("badlabel.txt", "1 0:1:1\n2 0:2:1\n"), new LibFmOptions { FieldNames = ["a"] })),
            "badlabel.txt", "line 2", "'2'").Also<CtrDataFormatException>(e =>
            {
                Assert.Equal(2, e.LineNumber);
                Assert.Equal("2", e.OffendingText);
                Assert.Equal("column 'Label'", e.Column);
            });
        foreach (var token in new[] { "0:1", "0:x:1", "a:1:1", "0:1:", "0:1:1:1", "-1:1:1" })
        {
            yield return Refused<CtrDataFormatException>($"libFM: malformed token '{token}'", "-",
                files => new MLContext(1).Data.LoadLibFm(files.Write("badtoken.txt", $"1 0:1:1\n0 0:2:1 {token}\n"), new LibFmOptions { Format = LibFmFormat.FieldIndexValue }),
                "badtoken.txt", "line 2", "feature token 2", $"'{token}'", "field:index:value").Also<CtrDataFormatException>(e =>
                {
                    Assert.Equal(2, e.LineNumber);
                    Assert.Equal(token, e.OffendingText);
                });
        }
        yield return Refused<CtrDataFormatException>("libFM: a field repeated on a line", "-",
            files => ViewRows.ReadAll(new MLContext(1).Data.LoadLibFm(files.Write("repeat.txt", "1 0:1:1 1:5:1\n0 0:2:1 1:6:1 1:7:1\n"))),
            "repeat.txt", "line 2", "'1:7:1'", "field 'F1'", "RepeatedFieldHandling").Also<CtrDataFormatException>(e => Assert.Equal(2, e.LineNumber));
        yield return Refused<InvalidDataException>("libFM: an empty file", "8",
            files => ViewRows.ReadAll(new MLContext(1).Data.LoadLibFm(files.Write("empty.txt", ""))), "empty.txt", "no data rows");
    }
}

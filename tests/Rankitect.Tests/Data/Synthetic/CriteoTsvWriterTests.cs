using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Data.Synthetic;

namespace Rankitect.Tests.Data.Synthetic;

public sealed class CriteoTsvWriterTests
{
    [Theory]
    [InlineData(13, 26)]
    [InlineData(3, 5)]
    [InlineData(0, 2)]
    public void Lines_HaveLabelDenseAndCategoricalFields_AndParseBackToTheDataView(int dense, int categorical)
    {
        var generator = new SyntheticCtrGenerator(new SyntheticCtrOptions
        {
            RowCount = 1500, DenseFieldCount = dense, CategoricalFieldCount = categorical,
            NoiseDenseFieldCount = 0, NoiseCategoricalFieldCount = 0, InteractionCount = 1,
            NegativeDenseFieldCount = Math.Min(dense, 1), Seed = 12,
        });
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        generator.WriteCriteoTsv(writer);
        string text = writer.ToString();
        var expected = SyntheticRows.Read(generator.ToDataView());

        Assert.DoesNotContain('\r', text);
        Assert.EndsWith("\n", text);
        var lines = text[..^1].Split('\n');
        Assert.Equal(1500, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            var fields = lines[i].Split('\t');
            Assert.Equal(1 + dense + categorical, fields.Length);
            Assert.Equal(expected[i].Label ? "1" : "0", fields[0]);
            for (int j = 0; j < dense; j++)
            {
                float value = expected[i].Dense[j];
                Assert.Equal(float.IsNaN(value) ? "" : ((long)value).ToString(CultureInfo.InvariantCulture), fields[1 + j]);
            }
            for (int k = 0; k < categorical; k++)
                Assert.Equal(expected[i].Categorical[k], fields[1 + dense + k]);
        }
    }

    [Fact]
    public void File_LoadsWithMlNetTextLoader()
    {
        var generator = new SyntheticCtrGenerator(new SyntheticCtrOptions { RowCount = 800, Seed = 21 });
        string path = Path.Combine(Path.GetTempPath(), $"rankitect-synthetic-{Guid.NewGuid():N}.tsv");
        try
        {
            generator.WriteCriteoTsv(path);
            var bytes = File.ReadAllBytes(path);
            Assert.NotEqual(0xEF, bytes[0]); // no UTF-8 byte order mark

            var columns = new List<TextLoader.Column> { new("Label", DataKind.Boolean, 0) };
            columns.AddRange(Enumerable.Range(0, 13).Select(j => new TextLoader.Column($"I{j + 1}", DataKind.Single, 1 + j)));
            columns.AddRange(Enumerable.Range(0, 26).Select(k => new TextLoader.Column($"C{k + 1}", DataKind.String, 14 + k)));
            var loaded = new MLContext(seed: 0).Data.LoadFromTextFile(path, new TextLoader.Options
            {
                Columns = columns.ToArray(),
                Separators = ['\t'],
                HasHeader = false,
                AllowQuoting = false,
                MissingRealsAsNaNs = true, // otherwise ML.NET reads an empty number as 0
            });

            var fromFile = SyntheticRows.Read(loaded);
            var fromView = SyntheticRows.Read(generator.ToDataView());
            Assert.Equal(fromView.Count, fromFile.Count);
            Assert.All(fromView.Zip(fromFile), pair => Assert.True(pair.First.SameCells(pair.Second)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

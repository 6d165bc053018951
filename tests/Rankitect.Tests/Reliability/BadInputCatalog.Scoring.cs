using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Serving;
using static Rankitect.Tests.Reliability.BadInput;

namespace Rankitect.Tests.Reliability;

// Scoring a saved or fitted model: a non-finite input or a column of the wrong type is an error naming it (never a NaN
// probability), and a zip that is missing, not a zip or cut short is refused naming the file.
public partial class BadInputCatalog
{
    private static float[] Score(ITransformer model, IDataView rows) => model.Transform(rows).GetColumn<float>("Probability").ToArray();

    private static ITransformer Loaded() => new MLContext().Model.Load(new MemoryStream(ReliabilityData.Model.Zip), out _);

    private static IEnumerable<BadInput> Scoring()
    {
        foreach (var value in new[] { float.PositiveInfinity, float.NegativeInfinity })
        {
            yield return Refused<InvalidDataException>($"{(value > 0 ? "+" : "-")}Infinity in a dense column at scoring", "5",
                _ => Score(Loaded(), Rows(new ScoringRow { I1 = 2 }, new ScoringRow { I1 = value })), "Infinity", "NaN / empty for a missing one")
                with { WrappedByMlNet = true };
        }
        yield return Refused<ArgumentOutOfRangeException>("a dense scoring column of the wrong type (Text, first dense column)", "8",
            _ => Score(Loaded(), Rows(new TextI1Row())), "Schema mismatch for input column 'I1'", "got String");
        yield return Refused<ArgumentOutOfRangeException>("the same, on the fitted transformer before saving", "8",
            _ => Score(ReliabilityData.Model.Transformer, Rows(new TextI1Row())), "Schema mismatch for input column 'I1'");
        yield return Refused<ArgumentOutOfRangeException>("a categorical scoring column of the wrong type (Single)", "8",
            _ => Score(Loaded(), Rows(new SingleC1Row())), "Schema mismatch for input column 'C1'", "got Single");
        yield return Refused<ArgumentOutOfRangeException>("a scoring row without a feature column", "-",
            _ => Score(Loaded(), Rows(new { I1 = 1f, I2 = 1f, I3 = 1f, C1 = "a", C3 = "c" })), "'C2'");
        yield return Refused<FileNotFoundException>("a model zip that is not there", "-",
            files => RankitectModelInfo.Load(files.Write("ctr.zip", "") + ".missing"), "ctr.zip.missing");
        yield return Refused<InvalidDataException>("a model zip that is not a zip", "9",
            files => RankitectModelInfo.Load(files.Write("notes.zip", "not a zip")), "notes.zip");
        yield return Refused<InvalidDataException>("a model zip cut short", "9",
            files => RankitectModelInfo.Load(files.WriteBytes("cut.zip", ReliabilityData.Model.Zip[..(ReliabilityData.Model.Zip.Length / 2)])), "cut.zip");
    }

    private static IDataView Rows<T>(params T[] rows) where T : class => new MLContext(1).Data.LoadFromEnumerable(rows);

    private sealed class ScoringRow
    {
        public float I1 { get; set; }
        public float I2 { get; set; } = 1;
        public float I3 { get; set; } = 1;
        public string C1 { get; set; } = "a";
        public string C2 { get; set; } = "b";
        public string C3 { get; set; } = "c";
    }

    private sealed class TextI1Row
    {
        public string I1 { get; set; } = "3";
        public float I2 { get; set; } = 1;
        public float I3 { get; set; } = 1;
        public string C1 { get; set; } = "a";
        public string C2 { get; set; } = "b";
        public string C3 { get; set; } = "c";
    }

    private sealed class SingleC1Row
    {
        public float I1 { get; set; } = 1;
        public float I2 { get; set; } = 1;
        public float I3 { get; set; } = 1;
        public float C1 { get; set; } = 4;
        public string C2 { get; set; } = "b";
        public string C3 { get; set; } = "c";
    }
}

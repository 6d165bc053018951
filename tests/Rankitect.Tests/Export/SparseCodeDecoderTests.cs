using Google.Protobuf;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Data;
using Rankitect.Export;
using Rankitect.Featurize;
using Rankitect.SearchSpaces.Export;

namespace Rankitect.Tests.Export;

public class SparseCodeDecoderTests
{
    private sealed class Row
    {
        public bool Label { get; set; }
        public float Count { get; set; }
        public string Site { get; set; } = "";
        public string Device { get; set; } = "";
        public string Campaign { get; set; } = "";
    }

    private static Row[] Rows(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => new Row
        {
            Label = random.Next(2) == 1,
            Count = random.Next(10),
            // Skewed values so some pass the minimum count and some do not; "" is missing.
            Site = random.Next(5) == 0 ? "" : $"s{(int)Math.Pow(random.Next(1, 30), 1.5)}",
            Device = $"d{random.Next(3)}",
            Campaign = random.Next(3) == 0 ? "" : $"c{random.Next(2000)}",
        }).ToArray();
    }

    [Theory]
    [InlineData(CategoricalEncoding.Vocabulary)]
    [InlineData(CategoricalEncoding.Hashing)]
    public void InGraphDecodeMatchesSparseFieldDecodeOnFeaturizedCodes(CategoricalEncoding encoding)
    {
        var ml = new MLContext(1);
        var featurization = new CtrFeaturizer(ml, new CtrFeaturizerOptions { Encoding = encoding, HashBits = 12, MinimumCount = 2 })
            .Fit(ml.Data.LoadFromEnumerable(Rows(500, seed: 1)));
        var schema = featurization.Schema;
        // Rows the vocabulary has never seen, as at scoring time.
        var scored = featurization.Transformer.Transform(ml.Data.LoadFromEnumerable(Rows(300, seed: 2)));
        var rows = scored.GetColumn<float[]>(FeatureSchema.SparseCodesColumnName).ToArray();

        var expected = rows.SelectMany(codes => schema.Fields.Select(f => (long)f.Decode(codes))).ToArray();
        var actual = Decode(schema.Fields, rows.SelectMany(r => r).ToArray(), rows.Length);

        Assert.Equal(expected, actual);
        Assert.Contains(0L, actual); // missing and out-of-vocabulary values were among them
        Assert.True(actual.Distinct().Count() > 20);
    }

    [Fact]
    public void InGraphDecodeIsExactBeyondFloatPrecision()
    {
        // Widths up to 31 bits: float32 arithmetic would round ids above 2^24.
        var fields = new[] { new SparseField("a", 2, 0, 1), new SparseField("b", 100, 1, 7), new SparseField("c", 1 << 24, 8, 25), new SparseField("d", int.MaxValue, 33, 31) };
        const int width = 64, rowCount = 400;
        var random = new Random(3);
        var codes = new float[rowCount * width];
        for (int i = 0; i < codes.Length; i++)
            codes[i] = random.Next(2);
        // All ones (missing) and all zeros (key 1) in the first two rows.
        codes.AsSpan(0, width).Fill(1f);
        codes.AsSpan(width, width).Clear();

        var expected = Enumerable.Range(0, rowCount)
            .SelectMany(r => fields.Select(f => (long)f.Decode(codes.AsSpan(r * width, width))))
            .ToArray();
        var actual = Decode(fields, codes, rowCount);

        Assert.Equal(expected, actual);
        Assert.Equal(new long[] { 0, 0, 0, 0, 1, 1, 1, 1 }, actual.Take(8));
        Assert.Contains(actual, id => id > (1L << 24) + 1 && id % 2 == 1);
    }

    private static long[] Decode(IReadOnlyList<SparseField> fields, float[] codes, int rowCount)
    {
        int width = fields[^1].CodeOffset + fields[^1].CodeWidth;
        var graph = new OnnxGraphBuilder("decode");
        var input = graph.AddInput(FeatureSchema.SparseCodesColumnName, OnnxElementType.Float, width);
        var ids = SparseCodeDecoder.AddDecode(graph, input, fields);
        graph.AddNode("Identity", [ids], output: "ids");
        graph.AddOutput("ids", OnnxElementType.Int64, fields.Count);
        var model = OnnxModelFactory.Create(graph.ToGraph(), "decode test", []).ToByteArray();
        return OnnxTestRunner.Run<long>(model, "ids", new OnnxTestRunner.Input(input, codes, new long[] { rowCount, width }));
    }
}

using Xunit.Abstractions;
using Rankitect.Data;
using Rankitect.Export;
using System.Numerics;
using Rankitect.SearchSpaces.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.Tests.Export;

/// <summary>A random batch in both forms a network sees: dense floats and ids for TorchSharp, dense floats and
/// binary codes (as ML.NET's featurizer writes them) for the exported ONNX model.</summary>
internal sealed record CtrTestInputs(FeatureSchema Schema, int Rows, float[] Dense, long[] Ids, float[] Codes)
{
    /// <summary>A schema with <paramref name="denseWidth"/> dense slots and fields of the given cardinalities, each
    /// coded in the fewest slots that hold its ids plus the all-ones "missing" code.</summary>
    public static FeatureSchema CreateSchema(int denseWidth, params int[] cardinalities)
    {
        var fields = new List<SparseField>();
        int offset = 0;
        for (int f = 0; f < cardinalities.Length; f++)
        {
            int width = BitOperations.Log2((uint)cardinalities[f]) + 1;
            fields.Add(new SparseField($"C{f + 1}", cardinalities[f], offset, width));
            offset += width;
        }
        return new FeatureSchema("Label", Enumerable.Range(1, denseWidth).Select(i => $"I{i}").ToArray(), fields);
    }

    /// <summary>Random rows: dense values mixing negatives, zeros and heavy-tailed counts; ids over each field's
    /// whole range, the first rows pinned to id 0 and to the largest id.</summary>
    public static CtrTestInputs Random(FeatureSchema schema, int rows, int seed)
    {
        var random = new Random(seed);
        var dense = new float[rows * schema.DenseWidth];
        for (int i = 0; i < dense.Length; i++)
        {
            dense[i] = random.Next(4) switch
            {
                0 => -(float)random.NextDouble() * 5,
                1 => 0f,
                2 => (float)random.NextDouble(),
                _ => MathF.Round(MathF.Exp((float)random.NextDouble() * 10)),
            };
        }
        var ids = new long[rows * schema.FieldCount];
        var codes = new float[rows * schema.SparseCodeWidth];
        for (int r = 0; r < rows; r++)
        {
            for (int f = 0; f < schema.FieldCount; f++)
            {
                var field = schema.Fields[f];
                long id = r switch { 0 => 0, 1 => field.Cardinality - 1, _ => random.Next(field.Cardinality) };
                ids[r * schema.FieldCount + f] = id;
                Encode(field, id, codes.AsSpan(r * schema.SparseCodeWidth, schema.SparseCodeWidth));
            }
        }
        return new CtrTestInputs(schema, rows, dense, ids, codes);
    }

    /// <summary>Writes id as ML.NET's binary code: the digits of key - 1 = id - 1, so id 0 (missing key) is all ones.</summary>
    public static void Encode(SparseField field, long id, Span<float> rowCodes)
    {
        long value = (id - 1) & ((1L << field.CodeWidth) - 1);
        for (int i = 0; i < field.CodeWidth; i++)
            rowCodes[field.CodeOffset + i] = (value >> (field.CodeWidth - 1 - i)) & 1;
    }

    /// <summary>The ONNX model's inputs for this batch (those the schema has).</summary>
    public OnnxTestRunner.Input[] OnnxInputs()
    {
        var inputs = new List<OnnxTestRunner.Input>();
        if (Schema.DenseWidth > 0)
            inputs.Add(new(FeatureSchema.DenseColumnName, Dense, new long[] { Rows, Schema.DenseWidth }));
        if (Schema.FieldCount > 0)
            inputs.Add(new(FeatureSchema.SparseCodesColumnName, Codes, new long[] { Rows, Schema.SparseCodeWidth }));
        return inputs.ToArray();
    }

    /// <summary>TorchSharp's logits and probabilities for this batch, in evaluation mode.</summary>
    public (float[] Logits, float[] Probabilities) TorchForward(CtrModule model)
    {
        model.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var logits = model.forward(
            tensor(Dense, new long[] { Rows, Schema.DenseWidth }),
            tensor(Ids, new long[] { Rows, Schema.FieldCount }));
        return (logits.data<float>().ToArray(), sigmoid(logits).data<float>().ToArray());
    }

    /// <summary>Moves every parameter away from its initialization, as training would, so that all weights matter.</summary>
    public static void Perturb(CtrModule model, int seed)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var generator = new Generator((ulong)seed);
        using var noiseScale = 0.2.ToScalar();
        foreach (var parameter in model.parameters())
            parameter.add_(randn(parameter.shape, generator: generator), noiseScale);
    }

    /// <summary>Exports <paramref name="model"/>, scores these inputs with ONNX Runtime and asserts logits and
    /// probabilities equal the TorchSharp forward pass within 1e-5 (logits relative to their magnitude), on outputs
    /// that actually vary across rows. The one definition of "the exported model scores like TorchSharp".</summary>
    public void AssertOnnxMatchesForward(CtrModule model, FeatureSchema schema, string label, ITestOutputHelper output)
    {
        const double tolerance = 1e-5;
        var (torchLogits, torchProbabilities) = TorchForward(model);
        var bytes = CtrOnnxExporter.Export(model, schema);
        var onnxLogits = OnnxTestRunner.Run<float>(bytes, CtrOnnxExporter.LogitColumnName, OnnxInputs());
        var onnxProbabilities = OnnxTestRunner.Run<float>(bytes, CtrOnnxExporter.ProbabilityColumnName, OnnxInputs());

        Assert.Equal(Rows, onnxProbabilities.Length);
        double probabilityError = MaxAbsDifference(torchProbabilities, onnxProbabilities);
        double logitError = MaxAbsDifference(torchLogits, onnxLogits);
        output.WriteLine($"{label}: max |p_onnx - p_torch| = {probabilityError:E2}, max |logit difference| = {logitError:E2}, "
            + $"logits in [{torchLogits.Min():F2}, {torchLogits.Max():F2}], {bytes.Length:N0} bytes");
        Assert.InRange(probabilityError, 0, tolerance);
        Assert.InRange(logitError, 0, tolerance * Math.Max(1, torchLogits.Max(Math.Abs)));
        // The perturbed network must actually separate rows, or equal outputs would prove little.
        Assert.True(torchProbabilities.Max() - torchProbabilities.Min() > 0.01);
    }

    private static double MaxAbsDifference(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        return expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
    }
}

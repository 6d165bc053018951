using Microsoft.ML.OnnxRuntime;

namespace Rankitect.Tests.Export;

/// <summary>Runs an ONNX model with ONNX Runtime and reads one output.</summary>
internal static class OnnxTestRunner
{
    /// <summary>One input: float[] or long[] data in row-major order.</summary>
    public sealed record Input(string Name, Array Data, long[] Shape)
    {
        public OrtValue ToOrtValue() => Data switch
        {
            float[] floats => OrtValue.CreateTensorValueFromMemory(floats, Shape),
            long[] longs => OrtValue.CreateTensorValueFromMemory(longs, Shape),
            _ => throw new NotSupportedException($"Input '{Name}' has unsupported data {Data.GetType()}."),
        };
    }

    public static T[] Run<T>(byte[] model, string output, params Input[] inputs) where T : unmanaged
        => Run<T>(model, output, inputs, out _);

    public static T[] Run<T>(byte[] model, string output, Input[] inputs, out long[] shape) where T : unmanaged
    {
        using var session = new InferenceSession(model);
        var values = inputs.Select(i => i.ToOrtValue()).ToList();
        try
        {
            using var options = new RunOptions();
            using var results = session.Run(options, inputs.Select(i => i.Name).ToArray(), values, new[] { output });
            shape = results[0].GetTensorTypeAndShape().Shape;
            return results[0].GetTensorDataAsSpan<T>().ToArray();
        }
        finally
        {
            foreach (var value in values)
                value.Dispose();
        }
    }
}

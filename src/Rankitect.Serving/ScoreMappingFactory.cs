using Microsoft.ML.Transforms;

namespace Rankitect.Serving;

/// <summary>
/// Turns the network's vector outputs into the scalar Score / Probability / PredictedLabel columns. It carries no
/// weights (the network lives in the ONNX bytes inside the zip), so ML.NET can rebuild it from its contract name
/// with the parameterless constructor when a model is loaded.
/// </summary>
[CustomMappingFactoryAttribute(ScoreColumns.MappingContractName)]
public sealed class ScoreMappingFactory : CustomMappingFactory<NetworkOutputs, BinaryScores>
{
    /// <summary>The mapping itself.</summary>
    /// <exception cref="InvalidDataException">The network's output is not a number: a dense input of the row is
    /// +Infinity or -Infinity, which training refuses too (missing values are NaN or empty and become 0).</exception>
    public static void Map(NetworkOutputs input, BinaryScores output)
    {
        if (!float.IsFinite(input.Logit[0]))
            throw new InvalidDataException("The network's score of a row is not a number: a dense input of the row is +Infinity or " +
                "-Infinity, which Rankitect refuses at scoring as in training. Send a finite value, or NaN / empty for a missing one.");
        output.Score = input.Logit[0];
        output.Probability = input.Probability[0];
        output.PredictedLabel = input.Probability[0] >= 0.5f;
    }

    /// <inheritdoc/>
    public override Action<NetworkOutputs, BinaryScores> GetMapping() => Map;
}

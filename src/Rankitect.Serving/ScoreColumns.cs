using Microsoft.ML.Data;

namespace Rankitect.Serving;

/// <summary>Column names shared by the exported network and the ML.NET model around it.</summary>
public static class ScoreColumns
{
    /// <summary>ONNX output and ML.NET vector column [1]: the network's logit.</summary>
    public const string Logit = "RankitectLogit";

    /// <summary>ONNX output and ML.NET vector column [1]: sigmoid of the logit.</summary>
    public const string NetworkProbability = "RankitectProbability";

    /// <summary>The contract name under which the score mapping is saved in a model zip.</summary>
    public const string MappingContractName = "Rankitect.ScoreMapping.v1";
}

/// <summary>Input of the score mapping: the ONNX outputs, which ML.NET always exposes as vectors.</summary>
public sealed class NetworkOutputs
{
    /// <summary>The logit, a vector of one.</summary>
    [ColumnName(ScoreColumns.Logit), VectorType(1)]
    public float[] Logit { get; set; } = new float[1];

    /// <summary>The click probability, a vector of one.</summary>
    [ColumnName(ScoreColumns.NetworkProbability), VectorType(1)]
    public float[] Probability { get; set; } = new float[1];
}

/// <summary>The columns every ML.NET binary classifier emits.</summary>
public sealed class BinaryScores
{
    /// <summary>Raw score (the logit); ML.NET's AUC ranks by it.</summary>
    public float Score { get; set; }

    /// <summary>Click probability; ML.NET's log loss reads it.</summary>
    public float Probability { get; set; }

    /// <summary>Probability at least 0.5.</summary>
    public bool PredictedLabel { get; set; }
}

using System.Reflection;
using Google.Protobuf;
using Rankitect.Export.Onnx;
using Rankitect.SearchSpaces.Export;

namespace Rankitect.Export;

/// <summary>Wraps a graph into a model file: IR version, opset import, producer and metadata.</summary>
internal static class OnnxModelFactory
{
    /// <summary>IR version 8: the first that opset 17 may be used with, so the oldest runtimes can read the file.</summary>
    public const long IrVersion = 8;

    /// <summary>Protobuf messages are limited to 2 GB; leave room for the graph's nodes and names.</summary>
    private const long MaximumWeightBytes = int.MaxValue - (64L << 20);

    /// <summary>The producer name written into every exported model.</summary>
    public const string ProducerName = "Rankitect";

    /// <summary>Creates the model around <paramref name="graph"/>.</summary>
    public static ModelProto Create(GraphProto graph, string docString, IEnumerable<KeyValuePair<string, string>> metadata)
    {
        ArgumentNullException.ThrowIfNull(graph);
        long weightBytes = graph.Initializer.Sum(t => (long)t.RawData.Length);
        if (weightBytes > MaximumWeightBytes)
            throw new NotSupportedException($"The network's weights take {weightBytes:N0} bytes; a single ONNX file holds at most 2 GB "
                + "(protobuf's limit) and Rankitect does not write ONNX external data files. Use fewer or smaller embedding rows.");
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = ProducerName,
            ProducerVersion = typeof(OnnxModelFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            DocString = docString,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxOpset.Version });
        foreach (var (key, value) in metadata)
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        // Readers of ours recompute it: flipped bytes in the weights must not score silently.
        model.MetadataProps.Add(new StringStringEntryProto
        {
            Key = Rankitect.Serving.RankitectModelInfo.GraphHashKey,
            Value = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(graph.ToByteArray())),
        });
        return model;
    }
}

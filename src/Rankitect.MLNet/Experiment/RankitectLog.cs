using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace Rankitect.Experiment;

/// <summary>Writes to <see cref="MLContext.Log"/> through the context's host, as ML.NET's own components do.</summary>
internal sealed class RankitectLog : IDisposable
{
    private readonly IChannel _channel;

    public RankitectLog(MLContext mlContext, string name)
        => _channel = ((IHostEnvironment)mlContext).Register("Rankitect").Start(name);

    public void Info(string message) => _channel.Info(MessageSensitivity.None, message);

    public void Warning(string message) => _channel.Warning(MessageSensitivity.None, message);

    public void Dispose() => _channel.Dispose();
}

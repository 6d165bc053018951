namespace Rankitect.Native;

/// <summary>Thread-safe list of what the native loader saw and did, for <see cref="TorchRuntime.Diagnostics"/>.</summary>
internal sealed class DiagnosticLog
{
    private readonly List<string> lines = [];

    public void Add(string line)
    {
        lock (lines)
            lines.Add(line);
    }

    public bool IsEmpty
    {
        get
        {
            lock (lines)
                return lines.Count == 0;
        }
    }

    public override string ToString()
    {
        lock (lines)
            return string.Join(Environment.NewLine, lines);
    }
}

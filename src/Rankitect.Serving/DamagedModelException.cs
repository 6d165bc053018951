namespace Rankitect.Serving;

/// <summary>A Rankitect model whose network no longer matches the content hash recorded when it was saved (flipped
/// bytes, a truncated or edited file). Thrown by every Rankitect reader of a model (<see cref="RankitectModelInfo"/>,
/// the CLI, the scoring sample) instead of scoring with a damaged network.</summary>
public sealed class DamagedModelException : IOException
{
    /// <summary>Creates the exception.</summary>
    public DamagedModelException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

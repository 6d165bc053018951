namespace Rankitect.Baselines;

/// <summary>A closed range a random search draws one hyperparameter from: uniformly, or uniformly in its logarithm
/// (<see cref="LogScale"/>, for rates and regularisation strengths that matter by orders of magnitude).</summary>
/// <param name="Minimum">Smallest value (&gt; 0 on a log scale).</param>
/// <param name="Maximum">Largest value (at least <paramref name="Minimum"/>).</param>
/// <param name="LogScale">Draw uniformly in log space.</param>
public readonly record struct TuningRange(double Minimum, double Maximum, bool LogScale = false)
{
    /// <summary>One draw from the range with <paramref name="random"/>.</summary>
    /// <param name="random">The caller's seeded generator.</param>
    public double Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u = random.NextDouble();
        return LogScale
            ? Math.Exp(Math.Log(Minimum) + u * (Math.Log(Maximum) - Math.Log(Minimum)))
            : Minimum + u * (Maximum - Minimum);
    }

    /// <summary>One draw rounded to the nearest integer within the range.</summary>
    /// <param name="random">The caller's seeded generator.</param>
    public int SampleInteger(Random random)
        => (int)Math.Clamp(Math.Round(Sample(random)), Math.Ceiling(Minimum), Math.Floor(Maximum));

    /// <summary>Problems with the range, each naming <paramref name="name"/> (empty when valid).</summary>
    /// <param name="name">The option that holds the range.</param>
    public IEnumerable<string> Check(string name)
    {
        if (!double.IsFinite(Minimum) || !double.IsFinite(Maximum) || Minimum > Maximum)
            yield return $"{name} must have finite Minimum <= Maximum (is {Minimum}..{Maximum}).";
        else if (LogScale && Minimum <= 0)
            yield return $"{name} is on a log scale: its Minimum must be positive (is {Minimum}).";
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Minimum:G4}..{Maximum:G4}" + (LogScale ? " (log)" : "");
}

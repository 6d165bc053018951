namespace Rankitect.SearchSpaces.Abstractions;

/// <summary>The input shape a CTR network is built for: dense width and the cardinality of every categorical field
/// (ids of field f lie in 0 .. cardinality - 1, id 0 being the shared out-of-vocabulary id).</summary>
/// <param name="DenseWidth">Number of dense inputs.</param>
/// <param name="Cardinalities">Rows of each field's full vocabulary.</param>
public sealed record CtrFeatureShape(int DenseWidth, IReadOnlyList<int> Cardinalities)
{
    /// <summary>Number of categorical fields.</summary>
    public int FieldCount => Cardinalities.Count;

    /// <summary>Problems with the shape itself (empty when valid).</summary>
    public IReadOnlyList<string> Check()
    {
        var errors = new List<string>();
        if (DenseWidth < 0) errors.Add($"Dense width {DenseWidth} is negative.");
        if (Cardinalities is null) { errors.Add("Cardinalities are missing."); return errors; }
        for (int f = 0; f < Cardinalities.Count; f++)
            if (Cardinalities[f] <= 0) errors.Add($"Field {f} has cardinality {Cardinalities[f]}; it must be positive.");
        return errors;
    }
}

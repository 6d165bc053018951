using System.Text.Json.Serialization;

namespace Rankitect.SearchSpaces.Spaces;

/// <summary>How the interaction stage of a DLRM-style network combines its n = fields + 1 vectors of width d (the
/// bottom MLP's output and every field's projected embedding).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InteractionOp>))]
public enum InteractionOp
{
    /// <summary>DLRM: dot products of all n(n-1)/2 pairs, concatenated with the bottom output (width d + n(n-1)/2).</summary>
    Dot,

    /// <summary>The n vectors flattened (width n·d).</summary>
    Concat,

    /// <summary>Factorization machine's second-order term per dimension, 0.5((Σv)² − Σv²) (NFM's bi-interaction),
    /// concatenated with the bottom output (width 2d).</summary>
    FactorizationMachine,

    /// <summary>DCN-v2 cross layers over the flattened vectors, x_{l+1} = x0 ⊙ (W x_l + b) + x_l (width n·d).</summary>
    Cross,
}

/// <summary>Output widths of the interaction ops (used by the networks and the cost model alike).</summary>
public static class InteractionOpExtensions
{
    /// <summary>Width of the interaction output for <paramref name="vectors"/> vectors of width <paramref name="width"/>.</summary>
    public static int OutputWidth(this InteractionOp op, int vectors, int width) => op switch
    {
        InteractionOp.Dot => width + vectors * (vectors - 1) / 2,
        InteractionOp.Concat => vectors * width,
        InteractionOp.FactorizationMachine => 2 * width,
        InteractionOp.Cross => vectors * width,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };
}

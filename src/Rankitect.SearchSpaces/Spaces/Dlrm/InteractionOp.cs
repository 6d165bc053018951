using System.Text.Json.Serialization;

namespace Rankitect.SearchSpaces.Spaces.Dlrm;

/// <summary>How the interaction stage of a DLRM-style network combines its n vectors of width d: the bottom MLP's
/// output (when there are dense inputs) and every field's projected embedding, so n = fields + 1, or n = fields
/// without dense inputs.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InteractionOp>))]
public enum InteractionOp
{
    /// <summary>DLRM: dot products of all n(n-1)/2 pairs, concatenated with the bottom output when there is one
    /// (width d + n(n-1)/2, or n(n-1)/2 without it).</summary>
    Dot,

    /// <summary>The n vectors flattened (width n·d).</summary>
    Concat,

    /// <summary>Factorization machine's second-order term per dimension, 0.5((Σv)² − Σv²) (NFM's bi-interaction),
    /// concatenated with the bottom output when there is one (width 2d, or d without it).</summary>
    FactorizationMachine,

    /// <summary>DCN-v2 cross layers over the flattened vectors, x_{l+1} = x0 ⊙ (W x_l + b) + x_l (width n·d).</summary>
    Cross,
}

/// <summary>Output widths of the interaction ops (used by the networks and the cost model alike).</summary>
public static class InteractionOpExtensions
{
    /// <summary>Width of the interaction output for <paramref name="vectors"/> vectors of width <paramref name="width"/>;
    /// <paramref name="hasBottom"/> says whether a bottom-MLP output (one of the vectors) exists, which Dot and FM
    /// pass on next to their result.</summary>
    public static int OutputWidth(this InteractionOp op, int vectors, int width, bool hasBottom) => op switch
    {
        InteractionOp.Dot => (hasBottom ? width : 0) + vectors * (vectors - 1) / 2,
        InteractionOp.Concat => vectors * width,
        InteractionOp.FactorizationMachine => (hasBottom ? width : 0) + width,
        InteractionOp.Cross => vectors * width,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rankitect.SearchSpaces.Spaces.Dlrm;

/// <summary>
/// One point of the DLRM-style search space (<see cref="DlrmSpace"/>): a value per choice. Immutable, compared by
/// value, identified by the stable <see cref="ArchId"/>, and stored as JSON (<see cref="ToJson"/>/<see cref="FromJson"/>).
/// Layer widths use 0 for "skip" (the layer is the identity).
/// </summary>
public sealed record DlrmArchitecture
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
    };

    /// <summary>Width of each bottom-MLP layer over the dense features, 0 = skip. A final layer to
    /// <see cref="InteractionWidth"/> always follows.</summary>
    public required IReadOnlyList<int> BottomWidths { get; init; }

    /// <summary>Width of each top-MLP layer over the interaction output, 0 = skip. A final layer to the logit
    /// always follows.</summary>
    public required IReadOnlyList<int> TopWidths { get; init; }

    /// <summary>Embedding dimension of each categorical field (projected to <see cref="InteractionWidth"/>).</summary>
    public required IReadOnlyList<int> EmbeddingDims { get; init; }

    /// <summary>Table rows of each field as a fraction of its cardinality (see <see cref="Modules.RowHashing"/>).</summary>
    public required IReadOnlyList<double> RowFractions { get; init; }

    /// <summary>The interaction op.</summary>
    public required InteractionOp Interaction { get; init; }

    /// <summary>Common width d of the interaction vectors (bottom output and projected embeddings).</summary>
    public required int InteractionWidth { get; init; }

    /// <summary>Number of DCN-v2 cross layers when <see cref="Interaction"/> is <see cref="InteractionOp.Cross"/>.</summary>
    public required int CrossLayers { get; init; }

    /// <summary>Whether a first-order ("wide") term, one learned weight per categorical value plus a linear function of
    /// the dense features, is added to the logit (<see cref="Modules.FirstOrderTerm"/>). Default: false (DLRM has none).
    /// Left out of the JSON when false, so architectures written before it existed keep their JSON and
    /// <see cref="ArchId"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool FirstOrder { get; init; }

    /// <summary>Stable identifier: the first 16 hex digits of the SHA-256 of <see cref="ToJson"/> (the same on every
    /// machine and run; equal architectures have equal ids).</summary>
    [JsonIgnore]
    public string ArchId
    {
        get
        {
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(ToJson()));
            return Convert.ToHexStringLower(hash, 0, 8);
        }
    }

    /// <summary>Compact JSON with a fixed property order.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads an architecture written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">Malformed JSON or a missing property.</exception>
    public static DlrmArchitecture FromJson(string json)
        => JsonSerializer.Deserialize<DlrmArchitecture>(json, Json) ?? throw new JsonException("The JSON holds null.");

    /// <summary>Problems with the architecture on its own and against <paramref name="fieldCount"/> fields (empty
    /// when consistent). Membership in a space is <see cref="DlrmSpace.Validate"/>.</summary>
    public IReadOnlyList<string> Check(int fieldCount)
    {
        var errors = new List<string>();
        if (BottomWidths is null || TopWidths is null || EmbeddingDims is null || RowFractions is null)
        {
            errors.Add("A list of choices is missing.");
            return errors;
        }
        if (BottomWidths.Any(w => w < 0)) errors.Add("Bottom widths must be >= 0 (0 = skip).");
        if (TopWidths.Any(w => w < 0)) errors.Add("Top widths must be >= 0 (0 = skip).");
        if (EmbeddingDims.Count != fieldCount) errors.Add($"{EmbeddingDims.Count} embedding dims for {fieldCount} fields.");
        if (RowFractions.Count != fieldCount) errors.Add($"{RowFractions.Count} row fractions for {fieldCount} fields.");
        if (EmbeddingDims.Any(d => d <= 0)) errors.Add("Embedding dims must be positive.");
        if (RowFractions.Any(f => !(f > 0 && f <= 1))) errors.Add("Row fractions must be in (0, 1].");
        if (!Enum.IsDefined(Interaction)) errors.Add($"Unknown interaction {Interaction}.");
        if (InteractionWidth <= 0) errors.Add("The interaction width must be positive.");
        if (CrossLayers < 0) errors.Add("Cross layers must be >= 0.");
        return errors;
    }

    /// <inheritdoc/>
    public bool Equals(DlrmArchitecture? other)
        => other is not null
           && BottomWidths.SequenceEqual(other.BottomWidths) && TopWidths.SequenceEqual(other.TopWidths)
           && EmbeddingDims.SequenceEqual(other.EmbeddingDims) && RowFractions.SequenceEqual(other.RowFractions)
           && Interaction == other.Interaction && InteractionWidth == other.InteractionWidth
           && CrossLayers == other.CrossLayers && FirstOrder == other.FirstOrder;

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var w in BottomWidths) hash.Add(w);
        foreach (var w in TopWidths) hash.Add(w);
        foreach (var d in EmbeddingDims) hash.Add(d);
        foreach (var f in RowFractions) hash.Add(f);
        hash.Add(Interaction);
        hash.Add(InteractionWidth);
        hash.Add(CrossLayers);
        hash.Add(FirstOrder);
        return hash.ToHashCode();
    }

    /// <summary>e.g. <c>bottom[64,skip,32] top[128,64,skip] dims[8,16] rows[1,0.1] Dot d=16</c>, with <c> +first-order</c>
    /// when <see cref="FirstOrder"/>.</summary>
    public override string ToString()
    {
        static string Widths(IEnumerable<int> widths) => string.Join(",", widths.Select(w => w == 0 ? "skip" : w.ToString(CultureInfo.InvariantCulture)));
        string rows = string.Join(",", RowFractions.Select(f => f.ToString(CultureInfo.InvariantCulture)));
        string cross = Interaction == InteractionOp.Cross ? $"x{CrossLayers}" : "";
        return $"bottom[{Widths(BottomWidths)}] top[{Widths(TopWidths)}] dims[{string.Join(",", EmbeddingDims)}] rows[{rows}] {Interaction}{cross} d={InteractionWidth}" + (FirstOrder ? " +first-order" : "");
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>
/// One block of a <see cref="BlockArchitecture"/>, readable: op names, sizes and the outputs it reads, named
/// <c>stem</c> or <c>b{j}</c>. Input lists include the immediate predecessor (always read) and are in ascending order.
/// </summary>
public sealed record BlockGene
{
    /// <summary>The dense operator.</summary>
    public required DenseOp DenseOp { get; init; }

    /// <summary>The sparse operator.</summary>
    public required SparseOp SparseOp { get; init; }

    /// <summary>Width of the dense output.</summary>
    public required int Width { get; init; }

    /// <summary>Tokens of the sparse operator's output (the dense→sparse module, when on, appends more).</summary>
    public required int Tokens { get; init; }

    /// <summary>Whether the dense→sparse module appends its tokens to the sparse output.</summary>
    public required bool DenseToSparse { get; init; }

    /// <summary>Whether the sparse→dense module adds its FM projection to the dense output.</summary>
    public required bool SparseToDense { get; init; }

    /// <summary>The dense outputs concatenated into the dense input, e.g. <c>["stem", "b1"]</c>.</summary>
    public required IReadOnlyList<string> DenseInputs { get; init; }

    /// <summary>The sparse outputs concatenated (along tokens) into the sparse input.</summary>
    public required IReadOnlyList<string> SparseInputs { get; init; }

    /// <summary>Left operand of the binary dense ops (gating, sum).</summary>
    public required string Left { get; init; }

    /// <summary>Right operand of the binary dense ops.</summary>
    public required string Right { get; init; }

    /// <inheritdoc/>
    public bool Equals(BlockGene? other)
        => other is not null && DenseOp == other.DenseOp && SparseOp == other.SparseOp && Width == other.Width
           && Tokens == other.Tokens && DenseToSparse == other.DenseToSparse && SparseToDense == other.SparseToDense
           && DenseInputs.SequenceEqual(other.DenseInputs) && SparseInputs.SequenceEqual(other.SparseInputs)
           && Left == other.Left && Right == other.Right;

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(DenseOp); hash.Add(SparseOp); hash.Add(Width); hash.Add(Tokens); hash.Add(DenseToSparse); hash.Add(SparseToDense);
        foreach (var s in DenseInputs) hash.Add(s);
        foreach (var s in SparseInputs) hash.Add(s);
        hash.Add(Left); hash.Add(Right);
        return hash.ToHashCode();
    }

    /// <summary>e.g. <c>Fc(64)&lt;stem,b0&gt; Efc(16)&lt;b0&gt; +d2s</c>; operands only for binary ops.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(DenseOp).Append('(').Append(Width).Append(")<").Append(string.Join(",", DenseInputs)).Append('>');
        if (DenseOp.IsBinary()) text.Append('[').Append(Left).Append(',').Append(Right).Append(']');
        text.Append(' ').Append(SparseOp).Append('(').Append(Tokens).Append(")<").Append(string.Join(",", SparseInputs)).Append('>');
        if (DenseToSparse) text.Append(" +d2s");
        if (SparseToDense) text.Append(" +s2d");
        return text.ToString();
    }
}

/// <summary>
/// An architecture of a <see cref="BlockSpace"/> in readable form: the space's name and one <see cref="BlockGene"/>
/// per block. <see cref="BlockSpace.Encode"/> / <see cref="BlockSpace.Decode"/> convert to and from choice indices;
/// <see cref="ToJson"/> / <see cref="FromJson"/> store it.
/// </summary>
public sealed record BlockArchitecture
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Name of the space (<see cref="BlockSpaceOptions.Name"/>).</summary>
    public required string Space { get; init; }

    /// <summary>The blocks, in order.</summary>
    public required IReadOnlyList<BlockGene> Blocks { get; init; }

    /// <summary>Compact JSON with a fixed property order and op names as strings.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads an architecture written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">Malformed JSON, a missing or unknown property, or an unknown op name.</exception>
    public static BlockArchitecture FromJson(string json)
    {
        var architecture = JsonSerializer.Deserialize<BlockArchitecture>(json, Json) ?? throw new JsonException("The JSON holds null.");
        // Required properties may still be written as null; catch that here rather than deep inside the space.
        if (architecture.Space is null || architecture.Blocks is null || architecture.Blocks.Any(b => b is null
                || b.DenseInputs is null || b.SparseInputs is null || b.Left is null || b.Right is null))
            throw new JsonException("A property of the architecture is null.");
        return architecture;
    }

    /// <inheritdoc/>
    public bool Equals(BlockArchitecture? other) => other is not null && Space == other.Space && Blocks.SequenceEqual(other.Blocks);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Space);
        foreach (var b in Blocks) hash.Add(b);
        return hash.ToHashCode();
    }

    /// <summary>One line per block: <c>b0: Fc(64)&lt;stem&gt; Efc(16)&lt;stem&gt;; b1: ...</c>.</summary>
    public override string ToString() => string.Join("; ", Blocks.Select((b, i) => $"b{i}: {b}"));
}

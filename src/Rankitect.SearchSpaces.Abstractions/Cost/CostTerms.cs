namespace Rankitect.SearchSpaces.Cost;

/// <summary>The cost terms of a space's cost formula (<c>IHasCost.Cost</c>) in one algebra's value type; see
/// <see cref="ArchitectureCost"/> for what each term counts.</summary>
public sealed record CostTerms<T>(T Flops, T Parameters, T EmbeddingRows, T EmbeddingBytes);

namespace Rankitect.Data;

/// <summary>
/// Assigns the feature indices <see cref="First"/> to <see cref="Last"/> (both inclusive) of a libSVM
/// (<c>index:value</c>) file to the field <see cref="FieldName"/>. Several ranges may name the same field.
/// </summary>
/// <param name="FieldName">Name of the field's column.</param>
/// <param name="First">First index of the range (non-negative).</param>
/// <param name="Last">Last index of the range, inclusive (not below <paramref name="First"/>).</param>
public sealed record LibFmIndexRange(string FieldName, long First, long Last);

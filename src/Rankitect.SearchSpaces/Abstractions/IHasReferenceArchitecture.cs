namespace Rankitect.SearchSpaces.Abstractions;

/// <summary>
/// A space that holds a hand-designed architecture known to train well (the DLRM space: <c>DlrmSpace.HandDesigned</c>).
/// The post-search stage retrains it beside the strategy's candidates, so a search that finds nothing better on
/// validation returns it rather than something worse.
/// </summary>
public interface IHasReferenceArchitecture
{
    /// <summary>The reference architecture's indices, or null when this space cannot express it (e.g. its layer
    /// widths leave out the reference's).</summary>
    IReadOnlyList<int>? ReferenceArchitecture { get; }
}

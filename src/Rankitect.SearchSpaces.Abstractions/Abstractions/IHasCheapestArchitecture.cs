namespace Rankitect.SearchSpaces.Abstractions;

/// <summary>
/// A space that knows its cheapest architecture exactly, so a FLOPs budget below it is refused before any search
/// (instead of each strategy failing to find a candidate after its work). Optional: a space without it is still
/// searched, and its strategies report a budget they cannot meet.
/// </summary>
public interface IHasCheapestArchitecture : IHasCost
{
    /// <summary>The indices of an architecture with the fewest FLOPs per example in the space (exact, not a sample);
    /// <see cref="ArchitectureSpaceExtensions.CostOf"/> gives its FLOPs.</summary>
    int[] CheapestArchitecture();
}

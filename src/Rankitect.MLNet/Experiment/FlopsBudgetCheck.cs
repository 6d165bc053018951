using System.Globalization;
using Rankitect.SearchSpaces.Abstractions;

namespace Rankitect.Experiment;

/// <summary>A FLOPs budget that no architecture can meet is refused before any search or training, naming the budget
/// and the cheapest possible, instead of each strategy failing to find a candidate after its work.</summary>
internal static class FlopsBudgetCheck
{
    /// <summary>Throws when <paramref name="budget"/> is below the cheapest architecture of <paramref name="space"/>
    /// (a space that does not know its cheapest architecture is left to its strategies).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The budget is below the cheapest architecture.</exception>
    public static void ThrowIfBelowCheapest(ISearchSpace space, long? budget)
    {
        if (budget is not { } b || space is not IHasCheapestArchitecture costed)
            return;
        long cheapest = costed.CostOf(costed.CheapestArchitecture()).Flops;
        if (b < cheapest)
            throw Below(b, cheapest, $"the cheapest architecture of the '{space.Name}' space for these features");
    }

    /// <summary>The error for a budget <paramref name="budget"/> below <paramref name="cheapest"/> FLOPs, the cost of
    /// <paramref name="what"/>.</summary>
    public static ArgumentOutOfRangeException Below(long budget, long cheapest, string what) => new(nameof(SearchObjective.FlopsBudget), budget,
        string.Create(CultureInfo.InvariantCulture, $"FlopsBudget = {budget:N0} FLOPs per example is below the {cheapest:N0} of {what}; ") +
        string.Create(CultureInfo.InvariantCulture, $"raise FlopsBudget to at least {cheapest:N0}, or leave it unset for no budget."));
}

using ScottPlot;

namespace Rankitect.Reporting;

/// <summary>Colours shared by both plots, so a strategy has the same colour everywhere.</summary>
internal static class StrategyPalette
{
    private static readonly IPalette Strategies = new ScottPlot.Palettes.Category10();

    // Baselines use dark neutral colours so they never look like one of the strategies.
    private static readonly Color[] Baselines =
        [Colors.Black, Colors.DimGray, Colors.SaddleBrown, Colors.DarkSlateGray, Colors.Indigo];

    /// <summary>Colour of the strategy at <paramref name="index"/> in order of first appearance.</summary>
    public static Color Strategy(int index) => Strategies.GetColor(index);

    /// <summary>Colour of the baseline at <paramref name="index"/>.</summary>
    public static Color Baseline(int index) => Baselines[index % Baselines.Length];

    /// <summary>Colour that marks the chosen architecture.</summary>
    public static Color Chosen => Colors.Red;
}

using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Rankitect.Reporting;

/// <summary>
/// A log10 FLOPs axis. ScottPlot 5 has no log scale of its own: data are plotted as log10(FLOPs),
/// major ticks sit on whole decades and are labelled with the un-logged value, minor ticks at 2..9 times each decade.
/// </summary>
internal static class LogFlopsAxis
{
    /// <summary>Configures the bottom axis of <paramref name="plot"/> for <paramref name="logValues"/> and returns the x limits set (in log10 units).</summary>
    public static (double Low, double High) Apply(Plot plot, IReadOnlyCollection<double> logValues)
    {
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic
        {
            IntegerTicksOnly = true,
            MinorTickGenerator = new LogMinorTickGenerator(),
            LabelFormatter = decade => Format(Math.Pow(10, decade)),
        };

        // Snap to whole decades so at least one labelled tick is always visible, even for a narrow FLOPs range.
        double low = logValues.Count == 0 ? 0 : Math.Floor(logValues.Min());
        double high = logValues.Count == 0 ? 1 : Math.Ceiling(logValues.Max());
        if (high - low < 1)
        {
            low -= 0.5;
            high += 0.5;
        }
        double pad = (high - low) * 0.03;
        plot.Axes.SetLimitsX(low - pad, high + pad);
        return (low - pad, high + pad);
    }

    /// <summary>FLOPs with an SI suffix: 1, 10, 100, 1K, ..., 1G, 1T.</summary>
    public static string Format(double flops)
    {
        string[] suffixes = ["", "K", "M", "G", "T", "P", "E"];
        int index = 0;
        while (Math.Abs(flops) >= 1000 && index < suffixes.Length - 1)
        {
            flops /= 1000;
            index++;
        }
        return flops.ToString("0.##", CultureInfo.InvariantCulture) + suffixes[index];
    }
}

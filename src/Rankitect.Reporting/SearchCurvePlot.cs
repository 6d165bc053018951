using ScottPlot;

namespace Rankitect.Reporting;

/// <summary>Draws the best validation NE found so far against elapsed seconds, one line per strategy.</summary>
internal static class SearchCurvePlot
{
    /// <summary>Whether any evaluation has both a finite NE and a finite time.</summary>
    public static bool HasContent(PlotInputs inputs) => Timed(inputs.Points).Any();

    /// <summary>Builds the plot; the caller renders and disposes it.</summary>
    public static Plot Build(PlotInputs inputs)
    {
        var plot = new Plot();
        plot.XLabel("seconds since the search began");
        plot.YLabel("best validation NE so far");

        foreach (string strategy in inputs.Strategies)
        {
            var evaluations = Timed(inputs.Points)
                .Where(p => p.Source.Strategy == strategy)
                .OrderBy(p => p.Source.Seconds)
                .ToList();
            if (evaluations.Count == 0)
                continue;

            var seconds = new double[evaluations.Count];
            var best = new double[evaluations.Count];
            double bestSoFar = double.PositiveInfinity;
            for (int i = 0; i < evaluations.Count; i++)
            {
                bestSoFar = Math.Min(bestSoFar, evaluations[i].Source.ValidationNe);
                seconds[i] = evaluations[i].Source.Seconds;
                best[i] = bestSoFar;
            }

            var line = plot.Add.Scatter(seconds, best, StrategyPalette.Strategy(inputs.StrategyIndex(strategy)));
            // The best-so-far value holds until the next improvement.
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2;
            line.MarkerSize = 4;
            line.LegendText = strategy;
        }

        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static IEnumerable<PlottedPoint> Timed(IEnumerable<PlottedPoint> points) =>
        points.Where(p => double.IsFinite(p.Source.Seconds));
}

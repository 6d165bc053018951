using ScottPlot;

namespace Rankitect.Reporting;

/// <summary>Draws validation NE against FLOPs per example: strategies, frontier, baselines and the chosen architecture.</summary>
internal static class ParetoPlot
{
    /// <summary>Whether there is anything to draw at all.</summary>
    public static bool HasContent(PlotInputs inputs) => inputs.Points.Count > 0 || inputs.Baselines.Count > 0;

    /// <summary>Builds the plot; the caller renders and disposes it.</summary>
    public static Plot Build(PlotInputs inputs)
    {
        var plot = new Plot();
        plot.XLabel("FLOPs per example (log scale)");
        plot.YLabel("validation NE (lower is better)");

        foreach (string strategy in inputs.Strategies)
        {
            var points = inputs.Points.Where(p => p.Source.Strategy == strategy).ToList();
            if (points.Count == 0)
                continue;
            var scatter = plot.Add.ScatterPoints(
                points.Select(p => p.LogFlops).ToArray(),
                points.Select(p => p.Source.ValidationNe).ToArray(),
                StrategyPalette.Strategy(inputs.StrategyIndex(strategy)));
            scatter.MarkerSize = 7;
            scatter.LegendText = strategy;
        }

        AddFrontier(plot, inputs.Frontier);
        AddChosen(plot, inputs.Chosen);

        var xValues = inputs.Points.Select(p => p.LogFlops)
            .Concat(inputs.Baselines.Where(b => b.LogFlops.HasValue).Select(b => b.LogFlops!.Value))
            .ToList();
        var (xLow, _) = LogFlopsAxis.Apply(plot, xValues);
        AddBaselines(plot, inputs.Baselines, xLow);

        // Outside the data area, so the legend never hides points.
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>A caption that explains only the marks actually drawn.</summary>
    public static string Caption(PlotInputs inputs)
    {
        var parts = new List<string> { "One colour per strategy." };
        if (inputs.Frontier.Count > 0)
            parts.Add("The black step line joins the Pareto frontier (circled) in FLOPs order.");
        if (inputs.Chosen.Count > 0)
            parts.Add("The red diamond marks the chosen architecture.");
        if (inputs.Baselines.Any(b => b.LogFlops is null))
            parts.Add("Dashed lines are baselines without a FLOPs count.");
        if (inputs.Baselines.Any(b => b.LogFlops is not null))
            parts.Add("Squares are baselines with a FLOPs count.");
        return string.Join(" ", parts);
    }

    private static void AddFrontier(Plot plot, IReadOnlyList<PlottedPoint> frontier)
    {
        if (frontier.Count == 0)
            return;
        var line = plot.Add.Scatter(
            frontier.Select(p => p.LogFlops).ToArray(),
            frontier.Select(p => p.Source.ValidationNe).ToArray(),
            Colors.Black);
        // Horizontal then vertical: between two frontier points the best reachable NE is the cheaper point's.
        line.ConnectStyle = ConnectStyle.StepHorizontal;
        line.LineWidth = 1.5f;
        line.MarkerShape = MarkerShape.OpenCircle;
        line.MarkerSize = 12;
        line.LegendText = "Pareto frontier";
    }

    private static void AddChosen(Plot plot, IReadOnlyList<PlottedPoint> chosen)
    {
        for (int i = 0; i < chosen.Count; i++)
        {
            var marker = plot.Add.Marker(chosen[i].LogFlops, chosen[i].Source.ValidationNe,
                MarkerShape.OpenDiamond, 22, StrategyPalette.Chosen);
            marker.MarkerLineWidth = 2.5f;
            // One legend entry even when the chosen architecture was evaluated at several fidelities.
            marker.LegendText = i == 0 ? "chosen architecture" : "";
        }
    }

    private static void AddBaselines(Plot plot, IReadOnlyList<PlottedBaseline> baselines, double xLow)
    {
        for (int i = 0; i < baselines.Count; i++)
        {
            var baseline = baselines[i];
            var color = StrategyPalette.Baseline(i);
            if (baseline.LogFlops is { } x)
            {
                var marker = plot.Add.Marker(x, baseline.Ne, MarkerShape.FilledSquare, 11, color);
                marker.LegendText = baseline.Name;
                AddLabel(plot, baseline.Name, x, baseline.Ne, color, Alignment.LowerLeft, offsetX: 8);
            }
            else
            {
                var line = plot.Add.HorizontalLine(baseline.Ne, 1.5f, color, LinePattern.Dashed);
                line.LegendText = baseline.Name;
                // Labelled inside the data area: ScottPlot's own line label would cover the NE tick labels.
                AddLabel(plot, baseline.Name, xLow, baseline.Ne, color, Alignment.LowerLeft, offsetX: 4);
            }
        }
    }

    private static void AddLabel(Plot plot, string text, double x, double y, Color color, Alignment alignment, float offsetX)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontSize = 12;
        label.LabelFontColor = color;
        label.LabelAlignment = alignment;
        label.OffsetX = offsetX;
        label.OffsetY = -2;
    }
}

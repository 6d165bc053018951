using System.Text;

namespace Rankitect.Reporting;

/// <summary>Lays out the whole page: header, notes, plots, tables. No timestamp, so the same data gives the same file.</summary>
internal static class ReportPage
{
    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; }
        h1 { margin-bottom: 0.2em; }
        .meta { color: #555; margin-top: 0; }
        .notes { background: #fff8e1; border-left: 4px solid #f0b400; padding: 0.5em 1em 0.5em 2em; }
        .empty { font-style: italic; color: #555; }
        img.plot { max-width: 100%; height: auto; border: 1px solid #ddd; }
        .caption { color: #555; font-size: 0.9em; max-width: 900px; }
        table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
        th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
        th { background: #f3f3f3; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; white-space: pre-wrap; word-break: break-word; }
        tr.chosen td { background: #ffecec; font-weight: 600; }
        """;

    /// <summary>Builds the complete HTML document.</summary>
    public static string Build(SearchReportData data)
    {
        var inputs = PlotInputs.From(data);
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\">");
        html.AppendLine("<head>");
        html.AppendLine("<meta charset=\"utf-8\">");
        html.AppendLine("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(Html.Escape(data.Title)).AppendLine("</title>");
        html.Append("<style>").Append(Style).AppendLine("</style>");
        html.AppendLine("</head>");
        html.AppendLine("<body>");

        Header(html, data, inputs);
        if (inputs.Notes.Count > 0)
        {
            html.AppendLine("<section id=\"notes\"><h2>Notes</h2><ul class=\"notes\">");
            foreach (string note in inputs.Notes)
                html.Append("<li>").Append(Html.Escape(note)).AppendLine("</li>");
            html.AppendLine("</ul></section>");
        }
        if (data.Evaluated.Count == 0)
            html.AppendLine("<p class=\"empty\" id=\"nothing-evaluated\">Nothing was evaluated: the search produced no architectures to report.</p>");

        Plots(html, inputs);
        Tables(html, data);

        html.AppendLine("<footer class=\"meta\">Written by Rankitect.Reporting; plots drawn with ScottPlot.</footer>");
        html.AppendLine("</body>");
        html.AppendLine("</html>");
        return html.ToString();
    }

    private static void Header(StringBuilder html, SearchReportData data, PlotInputs inputs)
    {
        html.Append("<h1>").Append(Html.Escape(data.Title)).AppendLine("</h1>");
        html.Append("<p class=\"meta\">Dataset: <strong>").Append(Html.Escape(data.Dataset)).Append("</strong> &middot; ")
            .Append(data.Evaluated.Count).Append(data.Evaluated.Count == 1 ? " architecture" : " architectures")
            .Append(" evaluated by ").Append(inputs.Strategies.Count).Append(inputs.Strategies.Count == 1 ? " strategy" : " strategies")
            .Append(" &middot; ").Append(data.Evaluated.Count(e => e.OnFrontier)).AppendLine(" on the frontier</p>");
        if (data.ChosenArchitecture is not null)
            html.Append("<p class=\"meta\">Chosen architecture: <code>").Append(Html.Escape(data.ChosenArchitecture)).AppendLine("</code></p>");
    }

    private static void Plots(StringBuilder html, PlotInputs inputs)
    {
        html.AppendLine("<section id=\"pareto\"><h2>Validation NE vs FLOPs per example</h2>");
        if (ParetoPlot.HasContent(inputs))
        {
            using var plot = ParetoPlot.Build(inputs);
            html.AppendLine(PlotImage.ToImgElement(plot, "Validation NE against FLOPs per example for " + string.Join(", ", inputs.Strategies)));
            html.Append("<p class=\"caption\">").Append(Html.Escape(ParetoPlot.Caption(inputs))).AppendLine("</p>");
        }
        else
        {
            html.AppendLine("<p class=\"empty\">No point to plot.</p>");
        }
        html.AppendLine("</section>");

        html.AppendLine("<section id=\"search-curves\"><h2>Search progress</h2>");
        if (SearchCurvePlot.HasContent(inputs))
        {
            using var plot = SearchCurvePlot.Build(inputs);
            html.AppendLine(PlotImage.ToImgElement(plot, "Best validation NE so far against elapsed seconds for " + string.Join(", ", inputs.Strategies)));
            html.AppendLine("<p class=\"caption\">Best validation NE found so far by each strategy, at each evaluation's finish time "
                + "(evaluations of every fidelity count).</p>");
        }
        else
        {
            html.AppendLine("<p class=\"empty\">No evaluation to plot.</p>");
        }
        html.AppendLine("</section>");
    }

    private static void Tables(StringBuilder html, SearchReportData data)
    {
        if (data.Evaluated.Count > 0)
        {
            html.AppendLine("<section id=\"frontier-architectures\"><h2>Frontier architectures</h2>");
            ReportTables.Frontier(html, data.Evaluated, data.ChosenArchitecture);
            html.AppendLine("</section>");
        }
        if (data.Baselines.Count > 0)
        {
            html.AppendLine("<section id=\"baseline-models\"><h2>Baselines</h2>");
            ReportTables.Baselines(html, data.Baselines);
            html.AppendLine("</section>");
        }
        foreach (var table in data.Tables ?? [])
        {
            html.Append("<section class=\"metrics\"><h2>").Append(Html.Escape(table.Title)).AppendLine("</h2>");
            ReportTables.Metrics(html, table);
            html.AppendLine("</section>");
        }
        if (data.Evaluated.Count > 0)
        {
            html.AppendLine("<section id=\"all-evaluated\"><h2>All evaluated architectures</h2>");
            ReportTables.AllEvaluated(html, data.Evaluated, data.ChosenArchitecture);
            html.AppendLine("</section>");
        }
        html.AppendLine("<section id=\"search-settings\"><h2>Settings</h2>");
        if (data.Settings.Count > 0)
            ReportTables.Settings(html, data.Settings);
        else
            html.AppendLine("<p class=\"empty\">No settings recorded.</p>");
        html.AppendLine("</section>");
    }
}

using System.Text;

namespace Rankitect.Reporting;

/// <summary>Writes the report's HTML tables; every user string goes through <see cref="Html.Escape"/>.</summary>
internal static class ReportTables
{
    /// <summary>The frontier architectures, cheapest first.</summary>
    public static void Frontier(StringBuilder html, IEnumerable<EvaluatedArchitecture> evaluated, string? chosen)
    {
        var rows = evaluated.Where(e => e.OnFrontier)
            .OrderBy(e => e.Flops)
            .ThenBy(e => e.ValidationNe)
            .ToList();
        html.AppendLine("<table id=\"frontier\">");
        html.AppendLine("<thead><tr><th>strategy</th><th>validation NE</th><th>FLOPs</th><th>parameters</th><th>fidelity</th><th>architecture</th></tr></thead>");
        html.AppendLine("<tbody>");
        foreach (var e in rows)
        {
            html.Append(RowStart(e, chosen))
                .Append(Cell(e.Strategy)).Append(NumberCell(Html.Ne(e.ValidationNe)))
                .Append(NumberCell(Html.Count(e.Flops))).Append(NumberCell(Html.Count(e.Parameters)))
                .Append(Cell(e.Fidelity)).Append(ArchitectureCell(e.Architecture))
                .AppendLine("</tr>");
        }
        html.AppendLine("</tbody></table>");
    }

    /// <summary>Every evaluated architecture in the order given.</summary>
    public static void AllEvaluated(StringBuilder html, IEnumerable<EvaluatedArchitecture> evaluated, string? chosen)
    {
        html.AppendLine("<table id=\"evaluated\">");
        html.AppendLine("<thead><tr><th>#</th><th>strategy</th><th>validation NE</th><th>FLOPs</th><th>parameters</th><th>seconds</th><th>fidelity</th><th>frontier</th><th>architecture</th></tr></thead>");
        html.AppendLine("<tbody>");
        int index = 0;
        foreach (var e in evaluated)
        {
            html.Append(RowStart(e, chosen))
                .Append(NumberCell((++index).ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Append(Cell(e.Strategy)).Append(NumberCell(Html.Ne(e.ValidationNe)))
                .Append(NumberCell(Html.Count(e.Flops))).Append(NumberCell(Html.Count(e.Parameters)))
                .Append(NumberCell(Html.Seconds(e.Seconds))).Append(Cell(e.Fidelity))
                .Append(Cell(e.OnFrontier ? "yes" : "")).Append(ArchitectureCell(e.Architecture))
                .AppendLine("</tr>");
        }
        html.AppendLine("</tbody></table>");
    }

    /// <summary>The baselines with their NE and FLOPs ("n/a" where FLOPs do not apply).</summary>
    public static void Baselines(StringBuilder html, IEnumerable<BaselinePoint> baselines)
    {
        html.AppendLine("<table id=\"baselines\">");
        html.AppendLine("<thead><tr><th>baseline</th><th>validation NE</th><th>FLOPs</th></tr></thead>");
        html.AppendLine("<tbody>");
        foreach (var b in baselines)
        {
            html.Append("<tr>").Append(Cell(b.Name)).Append(NumberCell(Html.Ne(b.Ne)))
                .Append(NumberCell(b.Flops is { } flops ? Html.Count(flops) : "n/a"))
                .AppendLine("</tr>");
        }
        html.AppendLine("</tbody></table>");
    }

    /// <summary>A caller-supplied table of numbers.</summary>
    public static void Metrics(StringBuilder html, MetricsTable table)
    {
        html.AppendLine("<table class=\"metrics\">");
        html.Append("<thead><tr><th></th>");
        foreach (string column in table.Columns)
            html.Append("<th>").Append(Html.Escape(column)).Append("</th>");
        html.AppendLine("</tr></thead>");
        html.AppendLine("<tbody>");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>").Append(Cell(row.Name));
            for (int i = 0; i < table.Columns.Count; i++)
                html.Append(i < row.Values.Count ? NumberCell(Html.Metric(row.Values[i])) : "<td></td>");
            html.AppendLine("</tr>");
        }
        html.AppendLine("</tbody></table>");
    }

    /// <summary>The search settings as name/value rows.</summary>
    public static void Settings(StringBuilder html, IReadOnlyDictionary<string, string> settings)
    {
        html.AppendLine("<table id=\"settings\">");
        html.AppendLine("<thead><tr><th>setting</th><th>value</th></tr></thead>");
        html.AppendLine("<tbody>");
        foreach (var (name, value) in settings)
            html.Append("<tr>").Append(Cell(name)).Append(ArchitectureCell(value)).AppendLine("</tr>");
        html.AppendLine("</tbody></table>");
    }

    private static string RowStart(EvaluatedArchitecture e, string? chosen) =>
        chosen is not null && string.Equals(e.Architecture, chosen, StringComparison.Ordinal)
            ? "<tr class=\"chosen\" title=\"chosen architecture\">"
            : "<tr>";

    private static string Cell(string? text) => $"<td>{Html.Escape(text)}</td>";

    private static string NumberCell(string formatted) => $"<td class=\"num\">{formatted}</td>";

    // Preformatted: architecture descriptions are often multi-line or column-aligned.
    private static string ArchitectureCell(string? text) => $"<td class=\"pre\">{Html.Escape(text)}</td>";
}

using System.Text.RegularExpressions;
using Rankitect.Reporting;

namespace Rankitect.Tests.Reporting;

public class SearchReportTests
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["budget"] = "600 s",
        ["space"] = "dlrm <v2> & friends",
    };

    private static EvaluatedArchitecture Point(string strategy, string architecture, double ne, long flops,
        double seconds, bool onFrontier = false, string fidelity = "full") =>
        new(strategy, architecture, ne, flops, flops / 4, seconds, fidelity, onFrontier);

    private static SearchReportData Sample() => new(
        "Search on <synthetic>",
        "synthetic-ctr",
        [
            Point("random", "mlp[64]", 0.810, 20_000, 10, onFrontier: true),
            Point("random", "mlp[256,128]", 0.800, 400_000, 25),
            Point("evolution", "<script>alert(1)</script>", 0.790, 90_000, 30, onFrontier: true),
            Point("evolution", "dcn[3]x mlp[128]", 0.785, 2_000_000, 55, onFrontier: true),
            Point("evolution", "dcn[2]", 0.820, 50_000, 60, fidelity: "low"),
            Point("bayes & co", "fm + mlp[32]", 0.805, 300_000, 70),
        ],
        [new BaselinePoint("LightGBM", 0.795, null), new BaselinePoint("DLRM (fixed)", 0.792, 1_500_000)],
        "dcn[3]x mlp[128]",
        Settings,
        [new MetricsTable("Final test metrics", ["test NE", "AUC"], [new MetricsRow("evolution", [0.786, 0.801])])]);

    private static int PlotImages(string html) =>
        Regex.Matches(html, "<img class=\"plot\"[^>]*src=\"data:image/png;base64,[A-Za-z0-9+/=]+\"").Count;

    private static string Section(string html, string tableId)
    {
        int start = html.IndexOf($"<table id=\"{tableId}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"table {tableId} is missing");
        int end = html.IndexOf("</table>", start, StringComparison.Ordinal);
        return html[start..end];
    }

    [Fact]
    public void PageIsCompleteWithOnePngPerPlot()
    {
        string html = SearchReport.ToHtml(Sample());

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("</html>", html);
        Assert.Equal(2, PlotImages(html));
        Assert.Equal(Regex.Matches(html, "<table").Count, Regex.Matches(html, "</table>").Count);
        Assert.Contains("<table id=\"settings\">", html);
        Assert.Contains("dlrm &lt;v2&gt; &amp; friends", html);
        Assert.Contains("Final test metrics", html);
    }

    [Fact]
    public void ImagesAreDecodablePngs()
    {
        string html = SearchReport.ToHtml(Sample());

        foreach (Match match in Regex.Matches(html, "data:image/png;base64,([A-Za-z0-9+/=]+)"))
        {
            byte[] png = Convert.FromBase64String(match.Groups[1].Value);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            Assert.True(png.Length > 10_000, "a plot with axes, points and a legend is more than a blank image");
        }
    }

    [Fact]
    public void EveryStrategyIsNamedAndEveryUserStringEscaped()
    {
        string html = SearchReport.ToHtml(Sample());

        // Strategy names reach the page as escaped text (the legend itself is inside the PNG).
        Assert.Contains("random", html);
        Assert.Contains("evolution", html);
        Assert.Contains("bayes &amp; co", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("<title>Search on &lt;synthetic&gt;</title>", html);
        Assert.DoesNotContain("<synthetic>", html);
    }

    [Fact]
    public void LegendNamesEveryStrategyInBothPlots()
    {
        var inputs = PlotInputs.From(Sample());

        using var pareto = ParetoPlot.Build(inputs);
        using var curves = SearchCurvePlot.Build(inputs);
        var paretoLegend = pareto.Legend.GetItems().Select(i => i.LabelText).ToList();
        var curveLegend = curves.Legend.GetItems().Select(i => i.LabelText).ToList();

        foreach (string strategy in new[] { "random", "evolution", "bayes & co" })
        {
            Assert.Contains(strategy, paretoLegend);
            Assert.Contains(strategy, curveLegend);
        }
        Assert.Contains("Pareto frontier", paretoLegend);
        Assert.Contains("chosen architecture", paretoLegend);
        Assert.Contains("LightGBM", paretoLegend);
        Assert.Contains("DLRM (fixed)", paretoLegend);
    }

    [Fact]
    public void FrontierTableListsExactlyTheFrontierRows()
    {
        var data = Sample();
        string table = Section(SearchReport.ToHtml(data), "frontier");

        int rows = Regex.Matches(table, "<tr[ >]").Count - 1; // minus the heading row
        var frontier = data.Evaluated.Where(e => e.OnFrontier).ToList();
        Assert.Equal(frontier.Count, rows);
        foreach (var e in data.Evaluated)
        {
            string cell = $"<td class=\"pre\">{System.Net.WebUtility.HtmlEncode(e.Architecture)}</td>";
            Assert.Equal(e.OnFrontier, table.Contains(cell, StringComparison.Ordinal));
        }
        // Cheapest first, and the chosen architecture's row is marked.
        Assert.True(table.IndexOf("mlp[64]", StringComparison.Ordinal) < table.IndexOf("dcn[3]x", StringComparison.Ordinal));
        Assert.Contains("<tr class=\"chosen\"", table);
    }

    [Fact]
    public void AllEvaluatedTableListsEveryRow()
    {
        var data = Sample();
        string table = Section(SearchReport.ToHtml(data), "evaluated");

        Assert.Equal(data.Evaluated.Count, Regex.Matches(table, "<tr[ >]").Count - 1);
    }

    [Fact]
    public void EmptySearchStillGivesAValidPage()
    {
        var data = new SearchReportData("Nothing", "none", [], [], null, new Dictionary<string, string>());

        string html = SearchReport.ToHtml(data);

        Assert.Contains("<html lang=\"en\">", html);
        Assert.Contains("</html>", html);
        Assert.Contains("Nothing was evaluated", html);
        Assert.Equal(0, PlotImages(html));
        Assert.DoesNotContain("<table id=\"frontier\"", html);
    }

    [Fact]
    public void EmptySearchWithBaselinesStillPlotsThem()
    {
        var data = new SearchReportData("Baselines only", "none", [], [new BaselinePoint("LightGBM", 0.8, null)],
            null, Settings);

        string html = SearchReport.ToHtml(data);

        Assert.Contains("Nothing was evaluated", html);
        Assert.Equal(1, PlotImages(html)); // the Pareto plot with the baseline; no search curve
    }

    [Fact]
    public void SingleStrategyDrawsBothPlots()
    {
        var data = Sample() with
        {
            Evaluated = [Point("only", "a", 0.8, 1000, 1, onFrontier: true), Point("only", "b", 0.79, 5000, 2, onFrontier: true)],
            ChosenArchitecture = "b",
        };

        string html = SearchReport.ToHtml(data);

        Assert.Equal(2, PlotImages(html));
        Assert.Contains("1 strategy", html);
    }

    [Fact]
    public void NonFiniteNeAndZeroFlopsAreNotedNotPlotted()
    {
        var data = Sample() with
        {
            Evaluated =
            [
                Point("random", "nan-arch", double.NaN, 1000, 1),
                Point("random", "inf-arch", double.PositiveInfinity, 1000, 2),
                Point("random", "zero-flops", 0.8, 0, 3, onFrontier: true),
                Point("random", "fine", 0.79, 5000, 4, onFrontier: true),
            ],
            Baselines = [new BaselinePoint("broken", double.NaN, null)],
            ChosenArchitecture = "nan-arch",
        };

        var inputs = PlotInputs.From(data);
        string html = SearchReport.ToHtml(data);

        Assert.Equal(["zero-flops", "fine"], inputs.Points.Select(p => p.Source.Architecture));
        Assert.Equal(0, inputs.Points[0].LogFlops); // clamped to 1 FLOP
        Assert.Empty(inputs.Baselines);
        Assert.Empty(inputs.Chosen);
        Assert.Contains("2 evaluated architectures with a non-finite validation NE", html);
        Assert.Contains("fewer than 1 FLOP per example drawn at 1 FLOP", html);
        Assert.Contains("Baseline \u201cbroken\u201d has a non-finite NE", html);
        Assert.Contains("chosen architecture is not among", html);
        Assert.Equal(2, PlotImages(html));
        // The tables still list the skipped rows with their reported values.
        Assert.Contains("nan-arch", Section(html, "evaluated"));
        Assert.Contains(">NaN<", Section(html, "evaluated"));
    }

    [Fact]
    public void WriteHtmlWritesTheSameDocumentToAFile()
    {
        string folder = Path.Combine(Path.GetTempPath(), "rankitect-report-" + Guid.NewGuid().ToString("N"));
        string path = Path.Combine(folder, "nested", "report.html");
        try
        {
            SearchReport.WriteHtml(Sample(), path);

            string written = File.ReadAllText(path);
            Assert.Equal(SearchReport.ToHtml(Sample()), written);
            Assert.NotEqual(0xEF, File.ReadAllBytes(path)[0]); // no byte-order mark
        }
        finally
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
    }
}

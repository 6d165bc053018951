using System.Text;

namespace Rankitect.Reporting;

/// <summary>
/// Writes a neural-architecture-search report as one self-contained HTML file: a Pareto plot of validation NE
/// against FLOPs, search-progress curves, and tables of the frontier, every evaluation, baselines and settings.
/// Plots are PNG images drawn by ScottPlot and embedded as data URIs, so the file needs nothing beside it.
/// </summary>
public static class SearchReport
{
    /// <summary>Builds the report's HTML document.</summary>
    /// <param name="data">What to report. Every string in it is HTML-escaped.</param>
    /// <returns>A complete HTML5 document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> or one of its lists is null.</exception>
    public static string ToHtml(SearchReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(data.Evaluated, nameof(data.Evaluated));
        ArgumentNullException.ThrowIfNull(data.Baselines, nameof(data.Baselines));
        ArgumentNullException.ThrowIfNull(data.Settings, nameof(data.Settings));
        return ReportPage.Build(data);
    }

    /// <summary>Writes the report to <paramref name="path"/> as UTF-8, replacing any existing file.</summary>
    /// <param name="data">What to report.</param>
    /// <param name="path">File to write; its folder is created if missing.</param>
    public static void WriteHtml(SearchReportData data, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string html = ToHtml(data);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
            Directory.CreateDirectory(folder);
        // No byte-order mark: the page declares its charset itself.
        File.WriteAllText(path, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}

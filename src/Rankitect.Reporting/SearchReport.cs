using Rankitect.Serving;
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

    /// <summary>Writes the report to <paramref name="path"/> as UTF-8, replacing any existing file atomically
    /// (<see cref="AtomicFile"/>: a reader sees the old report or the new one, never half of one).</summary>
    /// <param name="data">What to report.</param>
    /// <param name="path">File to write; its folder is created if missing.</param>
    /// <exception cref="IOException">Another process is writing <paramref name="path"/>.</exception>
    public static void WriteHtml(SearchReportData data, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string html = ToHtml(data);
        AtomicFile.Write(path, stream => WriteHtml(html, stream));
    }

    /// <summary>Writes the report to <paramref name="destination"/> as UTF-8 (e.g. inside <see cref="AtomicFile.Commit"/>).</summary>
    public static void WriteHtml(SearchReportData data, Stream destination) => WriteHtml(ToHtml(data), destination);

    // No byte-order mark: the page declares its charset itself.
    private static void WriteHtml(string html, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var writer = new StreamWriter(destination, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        writer.Write(html);
    }
}

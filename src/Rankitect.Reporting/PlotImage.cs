using ScottPlot;

namespace Rankitect.Reporting;

/// <summary>
/// Renders a ScottPlot plot to a PNG embedded as a base64 data URI. PNG rather than ScottPlot's SVG export because
/// the SVG's text is laid out with glyph positions measured against the fonts of the machine that wrote the report
/// (misaligned where those fonts are missing) and two inline SVGs in one page can share clip-path ids;
/// a PNG looks the same in every browser and needs nothing beside the HTML file.
/// </summary>
internal static class PlotImage
{
    /// <summary>Size of the image in CSS pixels.</summary>
    public const int Width = 900, Height = 540;

    // Rendered at twice the CSS size so lines and text stay sharp on high-density screens.
    private const int Density = 2;

    /// <summary>Renders <paramref name="plot"/> and returns an &lt;img&gt; element with an escaped alt text.</summary>
    public static string ToImgElement(Plot plot, string altText)
    {
        plot.ScaleFactor = Density;
        byte[] png = plot.GetImageBytes(Width * Density, Height * Density, ImageFormat.Png);
        return $"<img class=\"plot\" width=\"{Width}\" height=\"{Height}\" alt=\"{Html.Escape(altText)}\" "
            + $"src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">";
    }
}

using System.Globalization;
using System.Net;

namespace Rankitect.Reporting;

/// <summary>Escaping and number formatting for the report's HTML; invariant culture so reports do not depend on the machine's locale.</summary>
internal static class Html
{
    /// <summary>Escapes text for an element body or a quoted attribute value (&amp;, &lt;, &gt;, quotes).</summary>
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>Normalized entropy: five decimals, because searches compare NE in the third and fourth decimal.</summary>
    public static string Ne(double value) => Number(value, "F5");

    /// <summary>An integer count with thousands separators.</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Elapsed seconds with one decimal.</summary>
    public static string Seconds(double value) => Number(value, "F1");

    /// <summary>A general metric value with up to six significant digits.</summary>
    public static string Metric(double value) => Number(value, "G6");

    private static string Number(double value, string format) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+inf"
        : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString(format, CultureInfo.InvariantCulture);
}

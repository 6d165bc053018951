using System.Globalization;

namespace Rankitect.Scoring;

/// <summary>
/// What a field of the scoring file may hold, by the type of the model input column it feeds. The rules are the ones
/// Rankitect's training readers apply (Criteo TSV, libFM): an empty field is a missing number; a number is written in
/// the invariant culture and must be finite ('abc', 'NaN', '+Infinity', '1e39' are errors, never a silent missing value).
/// </summary>
internal static class FieldRules
{
    public const string ExpectedNumber = "a finite number or an empty field (missing)";
    public const string ExpectedBoolean = "true, false, 1 or 0";

    public static bool TryParseSingle(string text, out float value)
    {
        value = float.NaN;
        return text.Length == 0 || float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);
    }

    public static bool TryParseDouble(string text, out double value)
    {
        value = double.NaN;
        return text.Length == 0 || double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    public static bool TryParseBoolean(string text, out bool value)
    {
        // No missing value for a Boolean: an empty field is an error rather than a guess.
        value = text is "1" || text.Equals("true", StringComparison.OrdinalIgnoreCase);
        return value || text is "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase);
    }
}

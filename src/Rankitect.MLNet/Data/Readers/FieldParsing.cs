using System.Globalization;

namespace Rankitect.Data;

/// <summary>Allocation-free parsing of the values CTR text files hold.</summary>
internal static class FieldParsing
{
    internal const string ExpectedLabel = "a label of -1, 0 or 1 (-1 and 0 mean no click; forms like 0.0 and +1 are fine)";

    /// <summary>Parses a click label: 1 is a click, 0 and -1 are not.</summary>
    public static bool TryParseLabel(ReadOnlySpan<char> text, out bool label)
    {
        // Fast path for the forms nearly every file uses.
        if (text.Length == 1)
        {
            label = text[0] == '1';
            return text[0] is '0' or '1';
        }
        label = false;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            return false;
        label = value == 1;
        return value is 1 or 0 or -1;
    }

    /// <summary>Parses a finite number written in the invariant culture (integers take a fast path).</summary>
    public static bool TryParseSingle(ReadOnlySpan<char> text, out float value)
    {
        int i = 0;
        bool negative = false;
        if (text.Length > 0 && text[0] == '-')
        {
            negative = true;
            i = 1;
        }
        // Up to 9 digits fit an int exactly, and int-to-float rounds the same way as parsing the text.
        int digits = text.Length - i;
        if (digits is > 0 and <= 9)
        {
            int accumulator = 0;
            for (; i < text.Length; i++)
            {
                uint digit = (uint)(text[i] - '0');
                if (digit > 9)
                    return TryParseSingleSlow(text, out value);
                accumulator = accumulator * 10 + (int)digit;
            }
            value = negative ? -accumulator : accumulator;
            return true;
        }
        return TryParseSingleSlow(text, out value);
    }

    private static bool TryParseSingleSlow(ReadOnlySpan<char> text, out float value)
        => float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);

    /// <summary>Parses a non-negative integer of plain digits (no sign, no spaces).</summary>
    public static bool TryParseIndex(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.Length is 0 or > 18)
            return false;
        foreach (char c in text)
        {
            uint digit = (uint)(c - '0');
            if (digit > 9)
                return false;
            value = value * 10 + digit;
        }
        return true;
    }
}

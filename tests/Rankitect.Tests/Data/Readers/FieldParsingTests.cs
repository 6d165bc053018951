using Rankitect.Data;

namespace Rankitect.Tests.Data.Readers;

public sealed class FieldParsingTests
{
    [Theory]
    [InlineData("0", 0f)]
    [InlineData("7", 7f)]
    [InlineData("-1", -1f)]
    [InlineData("999999999", 999999999f)]
    [InlineData("16777217", 16777217f)] // rounds like float parsing does
    [InlineData("12345678901", 12345678901f)]
    [InlineData("0.25", 0.25f)]
    [InlineData("-2.5e2", -250f)]
    [InlineData("+3", 3f)]
    public void TryParseSingle_ReadsNumbers(string text, float expected)
    {
        Assert.True(FieldParsing.TryParseSingle(text, out float value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData("abc")]
    [InlineData("12a")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1e40")]
    [InlineData("1,5")]
    public void TryParseSingle_RejectsOtherText(string text)
    {
        Assert.False(FieldParsing.TryParseSingle(text, out _));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("-1", false)]
    [InlineData("+1", true)]
    [InlineData("1.0", true)]
    [InlineData("0.0", false)]
    [InlineData("-1.0", false)]
    [InlineData("1e0", true)]
    public void TryParseLabel_AcceptsMinusOneZeroOne(string text, bool expected)
    {
        Assert.True(FieldParsing.TryParseLabel(text, out bool label));
        Assert.Equal(expected, label);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("0.5")]
    [InlineData("-2")]
    [InlineData("true")]
    [InlineData("NaN")]
    public void TryParseLabel_RejectsOtherValues(string text)
    {
        Assert.False(FieldParsing.TryParseLabel(text, out _));
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("133464", 133464L)]
    [InlineData("007", 7L)]
    public void TryParseIndex_ReadsPlainDigits(string text, long expected)
    {
        Assert.True(FieldParsing.TryParseIndex(text, out long value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData("1.0")]
    [InlineData("1234567890123456789")]
    public void TryParseIndex_RejectsAnythingElse(string text)
    {
        Assert.False(FieldParsing.TryParseIndex(text, out _));
    }
}

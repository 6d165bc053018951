using Rankitect.Data;

namespace Rankitect.Tests.Data.Readers;

public sealed class CtrDataFormatExceptionTests
{
    [Fact]
    public void Message_CutsLongText_PropertiesKeepItWhole()
    {
        string text = new('x', 500);

        var error = new CtrDataFormatException("/data/f.txt", 12, "column 'C1' (field 15)", text, "something shorter");

        Assert.Equal(text, error.OffendingText);
        Assert.Equal($"/data/f.txt, line 12: column 'C1' (field 15): found '{new string('x', 120)}...', expected something shorter.", error.Message);
    }

    [Fact]
    public void Message_WithoutColumn_IsAboutTheWholeLine()
    {
        var error = new CtrDataFormatException("f.txt", 3, null, "a\tb", "3 fields");

        Assert.Null(error.Column);
        Assert.Equal(@"f.txt, line 3: found 'a\tb', expected 3 fields.", error.Message);
    }
}

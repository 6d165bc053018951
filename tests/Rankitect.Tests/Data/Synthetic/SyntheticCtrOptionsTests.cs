using Rankitect.Data.Synthetic;

namespace Rankitect.Tests.Data.Synthetic;

public sealed class SyntheticCtrOptionsTests
{
    [Fact]
    public void Defaults_AreCriteoShaped()
    {
        var options = new SyntheticCtrOptions();
        Assert.Equal(100_000, options.RowCount);
        Assert.Equal(13, options.DenseFieldCount);
        Assert.Equal(26, options.CategoricalFieldCount);
        Assert.Equal(1, options.Seed);
        Assert.Equal(0.25, options.TargetPositiveRate);
    }

    public static TheoryData<Action<SyntheticCtrOptions>, string> InvalidOptions => new()
    {
        { o => o.RowCount = -1, nameof(SyntheticCtrOptions.RowCount) },
        { o => o.MaxCardinality = 5, nameof(SyntheticCtrOptions.MaxCardinality) },
        { o => o.ZipfExponent = 0, nameof(SyntheticCtrOptions.ZipfExponent) },
        { o => o.DenseMissingRate = 1, nameof(SyntheticCtrOptions.DenseMissingRate) },
        { o => o.CategoricalMissingRate = double.NaN, nameof(SyntheticCtrOptions.CategoricalMissingRate) },
        { o => o.NoiseCategoricalFieldCount = 27, nameof(SyntheticCtrOptions.NoiseCategoricalFieldCount) },
        { o => o.TargetPositiveRate = 1, nameof(SyntheticCtrOptions.TargetPositiveRate) },
        { o => o.InteractionCount = 1000, nameof(SyntheticCtrOptions.InteractionCount) },
        { o => o.InteractionRank = 0, nameof(SyntheticCtrOptions.InteractionRank) },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void InvalidOption_ThrowsNamingIt(Action<SyntheticCtrOptions> corrupt, string name)
    {
        var options = new SyntheticCtrOptions();
        corrupt(options);
        var ex = Assert.Throws<ArgumentException>(() => new SyntheticCtrGenerator(options));
        Assert.Equal(name, ex.ParamName);
        Assert.Contains(name, ex.Message);
    }
}

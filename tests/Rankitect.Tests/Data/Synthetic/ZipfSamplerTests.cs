using Rankitect.Data.Synthetic;

namespace Rankitect.Tests.Data.Synthetic;

public sealed class ZipfSamplerTests
{
    [Theory]
    [InlineData(10, 1.1)]
    [InlineData(50, 1.0)]
    [InlineData(7, 2.5)]
    [InlineData(1000, 0.6)]
    [InlineData(1, 1.1)]
    public void Frequencies_MatchTheZipfLaw(int n, double exponent)
    {
        var sampler = new ZipfSampler(n, exponent);
        var stream = new CounterStream(42);
        const int draws = 200_000;
        var counts = new int[n];
        for (int i = 0; i < draws; i++)
            counts[sampler.Sample(ref stream)]++;

        double normalizer = Enumerable.Range(1, n).Sum(k => Math.Pow(k, -exponent));
        // Compare the first ranks one by one (binomial sd at most 0.0012 here) and the rest as a tail.
        int head = Math.Min(n, 10);
        for (int k = 1; k <= head; k++)
            Assert.Equal(Math.Pow(k, -exponent) / normalizer, counts[k - 1] / (double)draws, 0.006);
        double tail = Enumerable.Range(head + 1, n - head).Sum(k => Math.Pow(k, -exponent)) / normalizer;
        Assert.Equal(tail, counts.Skip(head).Sum() / (double)draws, 0.006);
    }
}

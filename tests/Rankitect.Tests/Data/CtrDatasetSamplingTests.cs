using Rankitect.Data;
using Rankitect.Tests.Strategies.Tuning;

namespace Rankitect.Tests.Data;

[Collection(TuningCollection.Name)]
public class CtrDatasetSamplingTests(TuningTestData fixture)
{
    [Fact]
    public void Subsample_keeps_the_share_and_the_positive_rate_and_repeats_with_the_seed()
    {
        var train = fixture.Data.Train;
        var sample = train.Subsample(0.25, seed: 3);
        Assert.InRange(sample.Count, train.Count / 4 - 2, train.Count / 4 + 2);
        Assert.Equal(train.Labels().Average(), sample.Labels().Average(), 2);
        Assert.Same(train.Schema, sample.Schema);

        static float[] Row(Rankitect.Data.CtrDataset data, int i)
        {
            var dense = new float[data.Schema.DenseWidth];
            var ids = new long[data.Schema.FieldCount];
            data.CopyRow(i, dense, ids);
            return dense.Concat(ids.Select(x => (float)x)).Append(data.Label(i)).ToArray();
        }
        var again = train.Subsample(0.25, seed: 3);
        var other = train.Subsample(0.25, seed: 4);
        Assert.Equal(Enumerable.Range(0, sample.Count).Select(i => Row(sample, i)), Enumerable.Range(0, again.Count).Select(i => Row(again, i)));
        Assert.NotEqual(Enumerable.Range(0, 50).Select(i => Row(sample, i)), Enumerable.Range(0, 50).Select(i => Row(other, i)));
    }

    [Fact]
    public void Subsample_of_everything_is_the_data_and_bad_fractions_throw()
    {
        var train = fixture.Data.Train;
        Assert.Same(train, train.Subsample(1, 0));
        Assert.Equal("fraction", Assert.Throws<ArgumentOutOfRangeException>(() => train.Subsample(0, 0)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => train.Subsample(1.5, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => train.Subsample(1e-9, 0));
    }
}

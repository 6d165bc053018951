using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Data.Synthetic;

namespace Rankitect.Tests.Data.Synthetic;

public sealed class SyntheticCtrGeneratorTests
{
    private static SyntheticCtrGenerator Generator(int rows, int seed = 1, long firstRow = 0)
        => new(new SyntheticCtrOptions { RowCount = rows, Seed = seed, FirstRow = firstRow });

    [Fact]
    public void Schema_HasCriteoColumns_AndNoTrueProbabilityByDefault()
    {
        var data = Generator(10).ToDataView();
        var names = data.Schema.Select(c => c.Name).ToArray();

        Assert.Equal(1 + 13 + 26, names.Length);
        Assert.Equal("Label", names[0]);
        Assert.IsType<BooleanDataViewType>(data.Schema["Label"].Type);
        Assert.Equal(Enumerable.Range(1, 13).Select(i => $"I{i}"), names[1..14]);
        Assert.Equal(Enumerable.Range(1, 26).Select(i => $"C{i}"), names[14..]);
        Assert.All(names[1..14], n => Assert.Equal(NumberDataViewType.Single, data.Schema[n].Type));
        Assert.All(names[14..], n => Assert.IsType<TextDataViewType>(data.Schema[n].Type));
        Assert.Null(data.Schema.GetColumnOrNull("TrueProbability"));
        Assert.Equal(10, data.GetRowCount());
    }

    [Fact]
    public void TrueProbabilityColumn_OnlyOnRequest_AndMatchesOtherAccessors()
    {
        var generator = Generator(300);
        var rows = SyntheticRows.Read(generator.ToDataView(includeTrueProbability: true));
        var all = generator.TrueProbabilities();

        Assert.Equal(300, rows.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(all[i], rows[i].TrueProbability);
            Assert.Equal((float)generator.TrueProbability(i), rows[i].TrueProbability);
            Assert.Equal(generator.Label(i), rows[i].Label);
        }
    }

    [Fact]
    public void SameSeed_GivesSameRows_DifferentSeed_GivesDifferentRows()
    {
        var a = SyntheticRows.Read(Generator(2000, seed: 7).ToDataView());
        var b = SyntheticRows.Read(Generator(2000, seed: 7).ToDataView());
        var c = SyntheticRows.Read(Generator(2000, seed: 8).ToDataView());

        Assert.All(a.Zip(b), pair => Assert.True(pair.First.SameCells(pair.Second)));
        Assert.True(a.Zip(c).Count(pair => pair.First.SameCells(pair.Second)) == 0);
        // Different seeds give different vocabularies, not just shuffled rows.
        Assert.Empty(a.Select(r => r.Categorical[1]).Where(v => v != "").Intersect(c.Select(r => r.Categorical[1])));
    }

    [Fact]
    public void Cursors_AreRepeatable()
    {
        var data = Generator(500, seed: 3).ToDataView();
        var first = SyntheticRows.Read(data);
        var second = SyntheticRows.Read(data);
        Assert.All(first.Zip(second), pair => Assert.True(pair.First.SameCells(pair.Second)));
    }

    [Fact]
    public void Prefix_IsStableAcrossRowCounts_AndFirstRowOffsetsIntoTheSameStream()
    {
        var small = Generator(400, seed: 5);
        var large = Generator(3000, seed: 5);
        var shifted = Generator(200, seed: 5, firstRow: 250);

        var smallRows = SyntheticRows.Read(small.ToDataView());
        var largeRows = SyntheticRows.Read(large.ToDataView());
        var shiftedRows = SyntheticRows.Read(shifted.ToDataView());

        for (int i = 0; i < smallRows.Count; i++)
        {
            Assert.True(smallRows[i].SameCells(largeRows[i]), $"row {i} differs");
            Assert.Equal(small.TrueProbability(i), large.TrueProbability(i));
        }
        for (int i = 0; i < shiftedRows.Count; i++)
            Assert.True(shiftedRows[i].SameCells(largeRows[250 + i]), $"row {250 + i} differs");
        Assert.Equal(small.GroundTruth.Bias, large.GroundTruth.Bias);
    }

    [Fact]
    public void PositiveRate_IsNearTarget()
    {
        Assert.InRange(Generator(50_000).ComputeBayesMetrics().PositiveRate, 0.24, 0.26);

        var rare = new SyntheticCtrGenerator(new SyntheticCtrOptions { RowCount = 50_000, TargetPositiveRate = 0.04, Seed = 2 });
        var metrics = rare.ComputeBayesMetrics();
        Assert.InRange(metrics.PositiveRate, 0.035, 0.045);
        Assert.InRange(metrics.Calibration, 0.9, 1.1);
    }

    [Fact]
    public void MissingRates_AreNearConfigured()
    {
        var options = new SyntheticCtrOptions { RowCount = 10_000, DenseMissingRate = 0.2, CategoricalMissingRate = 0.03, Seed = 4 };
        var rows = SyntheticRows.Read(new SyntheticCtrGenerator(options).ToDataView());

        double denseMissing = rows.Average(r => r.Dense.Count(float.IsNaN) / 13.0);
        double categoricalMissing = rows.Average(r => r.Categorical.Count(c => c.Length == 0) / 26.0);
        Assert.InRange(denseMissing, 0.19, 0.21);            // 130k cells: sd 0.0011
        Assert.InRange(categoricalMissing, 0.025, 0.035);    // 260k cells: sd 0.0003

        var defaults = SyntheticRows.Read(Generator(10_000).ToDataView());
        Assert.InRange(defaults.Average(r => r.Dense.Count(float.IsNaN) / 13.0), 0.09, 0.11);
        Assert.InRange(defaults.Average(r => r.Categorical.Count(c => c.Length == 0) / 26.0), 0.045, 0.055);
    }

    [Fact]
    public void Values_LookLikeCriteo()
    {
        var generator = Generator(5000);
        var rows = SyntheticRows.Read(generator.ToDataView());
        var negativeColumns = generator.GroundTruth.Fields.Where(f => f.HasNegativeValues).Select(f => f.ColumnName).ToArray();
        Assert.Equal(["I2"], negativeColumns);

        foreach (var row in rows)
        {
            for (int j = 0; j < 13; j++)
            {
                float x = row.Dense[j];
                if (float.IsNaN(x))
                    continue;
                Assert.Equal(MathF.Round(x), x);
                Assert.True(x >= (j == 1 ? -3 : 0), $"I{j + 1} = {x}");
            }
            Assert.All(row.Categorical.Where(c => c.Length > 0),
                c => Assert.Matches("^[0-9a-f]{8}$", c));
        }
        Assert.Contains(rows, r => r.Dense[1] < 0);
        Assert.Contains(rows, r => r.Dense[0] == 0);
        Assert.Contains(rows, r => r.Dense.Any(x => x > 1000)); // heavy tails

        // Zipf: the most frequent value of a field covers a large share; many values are seen once.
        var c2 = rows.Select(r => r.Categorical[1]).Where(c => c.Length > 0).GroupBy(c => c).Select(g => g.Count()).ToArray();
        Assert.InRange(c2.Max() / (double)c2.Sum(), 0.05, 0.5);
        Assert.Contains(1, c2);
    }

    [Fact]
    public void TextColumns_SurviveMlNetDictionaries()
    {
        // ValueToKeyMapping keeps the text memory it is given: it must not point into a buffer reused by the next row.
        var data = Generator(3000, seed: 9).ToDataView();
        var expected = SyntheticRows.Read(data).Select(r => r.Categorical[2]).Where(c => c.Length > 0).ToHashSet();

        var ml = new MLContext(seed: 0);
        var mapped = ml.Transforms.Conversion.MapValueToKey("C3").Fit(data).Transform(data);
        VBuffer<ReadOnlyMemory<char>> keys = default;
        mapped.Schema["C3"].GetKeyValues(ref keys);

        Assert.Equal(expected.OrderBy(s => s, StringComparer.Ordinal),
            keys.DenseValues().Select(k => k.ToString()).OrderBy(s => s, StringComparer.Ordinal));
    }

    [Fact]
    public void CustomShape_IsRespected()
    {
        var options = new SyntheticCtrOptions
        {
            RowCount = 100, DenseFieldCount = 2, CategoricalFieldCount = 3, NoiseDenseFieldCount = 0,
            NoiseCategoricalFieldCount = 1, InteractionCount = 3, NegativeDenseFieldCount = 0,
        };
        var generator = new SyntheticCtrGenerator(options);
        var data = generator.ToDataView();
        Assert.Equal(["Label", "I1", "I2", "C1", "C2", "C3"], data.Schema.Select(c => c.Name));
        Assert.Equal(100, SyntheticRows.Read(data).Count);
        Assert.Equal(3, generator.GroundTruth.Interactions.Count);

        options.RowCount = 5; // a generator keeps its own copy of the options
        Assert.Equal(100, generator.RowCount);
    }

    [Fact]
    public void RowAccessors_RejectRowsOutsideTheGenerator()
    {
        var generator = Generator(10);
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.TrueProbability(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.Label(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => generator.ComputeBayesMetrics(11));
    }
}

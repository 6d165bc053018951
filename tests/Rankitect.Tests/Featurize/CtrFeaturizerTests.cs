using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Data;
using Rankitect.Featurize;

namespace Rankitect.Tests.Featurize;

public class CtrFeaturizerTests
{
    private sealed class Row
    {
        public bool Label { get; set; }
        public float Count { get; set; }
        public double Price { get; set; }
        public string Site { get; set; } = "";
        public string Device { get; set; } = "";
    }

    private static Row[] Rows() => new[]
    {
        new Row { Label = true, Count = 1, Price = 2.5, Site = "a", Device = "x" },
        new Row { Label = false, Count = float.NaN, Price = 1, Site = "a", Device = "y" },
        new Row { Label = false, Count = 3, Price = 0, Site = "b", Device = "x" },
        new Row { Label = true, Count = 4, Price = 7, Site = "b", Device = "" },
        new Row { Label = false, Count = 5, Price = -1, Site = "c", Device = "x" },
        new Row { Label = false, Count = 6, Price = 3, Site = "a", Device = "z" },
    };

    [Fact]
    public void InfersRolesAndBuildsVocabularyWithMinimumCount()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows());
        var result = new CtrFeaturizer(ml, new CtrFeaturizerOptions { MinimumCount = 2 }).Fit(data);

        Assert.Equal("Label", result.Roles.LabelColumnName);
        Assert.Equal(new[] { "Count", "Price" }, result.Roles.DenseColumnNames);
        Assert.Equal(new[] { "Site", "Device" }, result.Roles.CategoricalColumnNames);
        Assert.Equal(2, result.Schema.DenseWidth);
        // Site: a (3), b (2) kept; c (1) is rare. Device: x (3) kept; y, z rare; "" missing. Plus id 0 each.
        Assert.Equal(new[] { 3, 2 }, result.Schema.Cardinalities);

        var dataset = CtrDataset.Load(result.Transformer.Transform(data), result.Schema);
        Assert.Equal(6, dataset.Count);
        var dense = new float[2];
        var ids = new long[2];
        var expectedIds = new[] { (1L, 1L), (1L, 0L), (2L, 1L), (2L, 0L), (0L, 1L), (1L, 0L) };
        for (int i = 0; i < 6; i++)
        {
            dataset.CopyRow(i, dense, ids);
            Assert.Equal(expectedIds[i], (ids[0], ids[1]));
        }
        dataset.CopyRow(1, dense, ids);
        Assert.Equal(0f, dense[0]); // NaN replaced by 0
        Assert.Equal(1f, dense[1]); // Double converted
        Assert.Equal(new[] { 1f, 0f, 0f, 1f, 0f, 0f }, dataset.Labels());
    }

    [Fact]
    public void UnseenAndMissingValuesScoreAsOutOfVocabulary()
    {
        var ml = new MLContext(1);
        var train = ml.Data.LoadFromEnumerable(Rows());
        var result = new CtrFeaturizer(ml, new CtrFeaturizerOptions { MinimumCount = 1 }).Fit(train);
        var test = ml.Data.LoadFromEnumerable(new[] { new Row { Site = "never-seen", Device = "", Count = float.NaN } });
        var dataset = CtrDataset.Load(result.Transformer.Transform(test), result.Schema);
        var ids = new long[2];
        dataset.CopyRow(0, new float[2], ids);
        Assert.Equal(new long[] { 0, 0 }, ids);
    }

    [Fact]
    public void HashingCodesEveryValueIntoFixedRows()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows());
        var result = new CtrFeaturizer(ml, new CtrFeaturizerOptions { Encoding = CategoricalEncoding.Hashing, HashBits = 5 }).Fit(data);
        Assert.All(result.Schema.Fields, f => Assert.Equal(33, f.Cardinality));
        var dataset = CtrDataset.Load(result.Transformer.Transform(data), result.Schema);
        var ids = new long[2];
        var seen = new HashSet<long>();
        for (int i = 0; i < dataset.Count; i++)
        {
            dataset.CopyRow(i, new float[2], ids);
            Assert.InRange(ids[0], 1, 32); // non-empty values hash to a row >= 1
            seen.Add(ids[0]);
        }
        dataset.CopyRow(3, new float[2], ids);
        Assert.Equal(0, ids[1]); // empty Device is missing
        Assert.Equal(3, seen.Count); // a, b, c
    }

    [Fact]
    public void KeyColumnsKeepTheirIds()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows());
        var keyed = ml.Transforms.Conversion.MapValueToKey("SiteKey", "Site").Fit(data).Transform(data);
        var options = new CtrFeaturizerOptions();
        options.Columns.CategoricalColumnNames = new[] { "SiteKey" };
        options.Columns.IgnoredColumnNames = new[] { "Site", "Device" };
        var result = new CtrFeaturizer(ml, options).Fit(keyed);
        Assert.Equal(4, result.Schema.Fields[0].Cardinality); // 3 keys + missing
        var dataset = CtrDataset.Load(result.Transformer.Transform(keyed), result.Schema);
        var ids = new long[1];
        var actual = Enumerable.Range(0, 6).Select(i => { dataset.CopyRow(i, new float[2], ids); return ids[0]; }).ToArray();
        Assert.Equal(new long[] { 1, 1, 2, 2, 3, 1 }, actual);
    }

    [Fact]
    public void MissingIndicatorsAddOneSlotPerDenseSlot()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows());
        var result = new CtrFeaturizer(ml, new CtrFeaturizerOptions { AddMissingIndicators = true }).Fit(data);
        Assert.Equal(new[] { "Count", "Price", "Count.Missing", "Price.Missing" }, result.Schema.DenseSlotNames);
        var dataset = CtrDataset.Load(result.Transformer.Transform(data), result.Schema);
        var dense = new float[4];
        dataset.CopyRow(1, dense, new long[2]);
        Assert.Equal(new[] { 0f, 1f, 1f, 0f }, dense);
    }

    [Fact]
    public void FittedFeaturizationSavesAndReplaysIdentically()
    {
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(Rows());
        var result = new CtrFeaturizer(ml).Fit(data);
        var path = Path.Combine(Path.GetTempPath(), $"rankitect-featurize-{Guid.NewGuid():N}.zip");
        try
        {
            ml.Model.Save(result.Transformer, data.Schema, path);
            var loaded = new MLContext(2).Model.Load(path, out _);
            var before = result.Transformer.Transform(data).GetColumn<float[]>(FeatureSchema.SparseCodesColumnName).ToArray();
            var after = loaded.Transform(data).GetColumn<float[]>(FeatureSchema.SparseCodesColumnName).ToArray();
            Assert.Equal(before, after);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ANamedLabelColumnIsUsed()
    {
        // Without the name it is an error naming the missing 'Label' (Reliability/BadInputCatalog).
        var ml = new MLContext(1);
        var data = ml.Data.LoadFromEnumerable(new[] { new { Click = true, Site = "a" } });
        var options = new CtrFeaturizerOptions();
        options.Columns.LabelColumnName = "Click";
        Assert.Equal("Click", new CtrFeaturizer(ml, options).Fit(data).Schema.LabelColumnName);
    }

    [Fact]
    public void StratifiedSplitKeepsThePositiveRate()
    {
        var ml = new MLContext(1);
        var rows = Enumerable.Range(0, 1000).Select(i => new { Label = i % 4 == 0, X = (float)i }).ToArray();
        var data = ml.Data.LoadFromEnumerable(rows);
        var result = new CtrFeaturizer(ml).Fit(data);
        var dataset = CtrDataset.Load(result.Transformer.Transform(data), result.Schema);
        var (train, validation) = dataset.StratifiedSplit(0.8, seed: 3);
        Assert.Equal(800, train.Count);
        Assert.Equal(200, validation.Count);
        Assert.Equal(0.25, train.Labels().Average(), 3);
        Assert.Equal(0.25, validation.Labels().Average(), 3);
        var again = dataset.StratifiedSplit(0.8, seed: 3).First;
        var dense = new float[1];
        var denseAgain = new float[1];
        for (int i = 0; i < train.Count; i++)
        {
            train.CopyRow(i, dense, Span<long>.Empty);
            again.CopyRow(i, denseAgain, Span<long>.Empty);
            Assert.Equal(dense[0], denseAgain[0]);
        }
    }

    private sealed class StreamRow
    {
        public bool Label { get; set; }
        public float X { get; set; }
        public string Site { get; set; } = "";
    }

    // Rows that cancel `cancel` as row `cancelAt` is read, counting how many were read.
    private static IEnumerable<StreamRow> Cancelling(int count, int cancelAt, CancellationTokenSource? cancel, StrongBox<int> read)
    {
        for (int i = 0; i < count; i++)
        {
            read.Value = i + 1;
            if (i == cancelAt) cancel?.Cancel();
            yield return new StreamRow { Label = i % 3 == 0, X = i % 17, Site = "s" + (i % 50) };
        }
    }

    [Fact]
    public void EveryPassOverTheRowsStopsPromptlyWhenCancelled()
    {
        const int rows = 40_000, cancelAt = 5_000;
        var ml = new MLContext(1);
        var fitted = new CtrFeaturizer(ml).Fit(ml.Data.LoadFromEnumerable(Cancelling(2_000, -1, null, new StrongBox<int>())));
        var passes = new (string Name, Action<IDataView, CancellationToken> Run)[]
        {
            ("split", (view, token) => DataSplits.StratifiedSplit(view, "Label", 0.1, 0, seed: 1, token)),
            ("vocabulary", (view, token) => new CtrFeaturizer(ml).Fit(view, token)),
            ("load", (view, token) => CtrDataset.Load(fitted.Transformer.Transform(view), fitted.Schema, token)),
        };
        foreach (var (name, run) in passes)
        {
            using var cts = new CancellationTokenSource();
            var read = new StrongBox<int>();
            var view = ml.Data.LoadFromEnumerable(Cancelling(rows, cancelAt, cts, read));
            Assert.ThrowsAny<OperationCanceledException>(() => run(view, cts.Token));
            // Seen within a few check intervals of the cancellation (ML.NET's cursors may read a batch ahead of the row
            // being consumed, more so on a loaded machine), not at the end of the rows.
            Assert.True(read.Value <= cancelAt + 1 + 4 * DataSplits.CancellationCheckRows, $"{name}: {read.Value:N0} rows read");
        }
    }
}

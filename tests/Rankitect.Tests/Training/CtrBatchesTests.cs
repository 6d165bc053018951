using Rankitect.Training;
using static TorchSharp.torch;

namespace Rankitect.Tests.Training;

public class CtrBatchesTests : IClassFixture<TrainingTestData>
{
    private readonly TrainingTestData _fixture;

    public CtrBatchesTests(TrainingTestData fixture) => _fixture = fixture;

    [Fact]
    public void EpochOrderIsASeededPermutation()
    {
        var a = CtrBatches.EpochOrder(1000, seed: 3, epoch: 1);
        Assert.Equal(a, CtrBatches.EpochOrder(1000, seed: 3, epoch: 1));
        Assert.NotEqual(a, CtrBatches.EpochOrder(1000, seed: 3, epoch: 2));
        Assert.NotEqual(a, CtrBatches.EpochOrder(1000, seed: 4, epoch: 1));
        Assert.Equal(Enumerable.Range(0, 1000), a.Order());
    }

    [Fact]
    public void EpochOrderIsTheSameInEveryProcess()
    {
        // Pinned values: a per-process randomized hash (HashCode.Combine) would change them from run to run.
        Assert.Equal(new[] { 6, 8, 1, 4, 3, 0, 9, 5, 7, 2 }, CtrBatches.EpochOrder(10, seed: 3, epoch: 1));
    }

    [Fact]
    public void BatchesHoldTheRowsInTheGivenOrder()
    {
        var data = _fixture.Data.Validation;
        int d = data.Schema.DenseWidth, f = data.Schema.FieldCount;
        var order = CtrBatches.EpochOrder(data.Count, seed: 1, epoch: 1);
        int seen = 0;
        var dense = new float[d];
        var ids = new long[f];
        foreach (var batch in CtrBatches.Batches(data, 300, order))
        {
            using (batch)
            {
                Assert.Equal(new long[] { batch.Count, d }, batch.Dense.shape);
                Assert.Equal(new long[] { batch.Count, f }, batch.Ids.shape);
                Assert.Equal(ScalarType.Int64, batch.Ids.dtype);
                var batchDense = batch.Dense.data<float>().ToArray();
                var batchIds = batch.Ids.data<long>().ToArray();
                var labels = batch.Labels.data<float>().ToArray();
                for (int i = 0; i < batch.Count; i += 37)
                {
                    int row = order[seen + i];
                    data.CopyRow(row, dense, ids);
                    Assert.Equal(dense, batchDense.AsSpan(i * d, d).ToArray());
                    Assert.Equal(ids, batchIds.AsSpan(i * f, f).ToArray());
                    Assert.Equal(data.Label(row), labels[i]);
                }
                seen += batch.Count;
            }
        }
        Assert.Equal(data.Count, seen);
    }
}

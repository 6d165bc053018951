using Rankitect.SearchSpaces.Modules;
using Rankitect.Tests.Spaces;
using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.Tests.Modules;

public class ModuleTests
{
    public ModuleTests() => Rankitect.Native.TorchRuntime.EnsureLoaded();

    [Fact]
    public void DotInteractionReturnsTheLowerTriangleOfPairwiseDots()
    {
        using var interaction = new DotInteraction(3);
        using var scope = NewDisposeScope();
        // One example, three 2-d vectors: a=(1,2), b=(3,4), c=(5,6). Pairs in order (b,a), (c,a), (c,b).
        var x = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 1, 3, 2 });
        var result = interaction.forward(x).data<float>().ToArray();
        Assert.Equal(new float[] { 11, 17, 39 }, result);
        Assert.Equal(3, interaction.OutputWidth);
    }

    [Fact]
    public void FieldEmbeddingsLookUpEachFieldInItsOwnRows()
    {
        using var embeddings = new FieldEmbeddings(new[] { 2, 3 }, 4);
        using var scope = NewDisposeScope();
        using var twenty = 20.ToScalar();
        using (no_grad())
        {
            embeddings.modules().OfType<SparseEmbeddingTable>().Single().Weight
                .copy_(arange(twenty, ScalarType.Float32).view(5, 4));
        }
        embeddings.eval();
        var result = embeddings.forward(tensor(new long[] { 1, 2 }, new long[] { 1, 2 }));
        Assert.Equal(new long[] { 1, 2, 4 }, result.shape);
        // Field 0 id 1 is table row 1; field 1 id 2 is table row 2 + 2 = 4.
        Assert.Equal(new float[] { 4, 5, 6, 7, 16, 17, 18, 19 }, result.data<float>().ToArray());
    }

    [Fact]
    public void DenseLogTransformClampsNegativesAndTakesLog1p()
    {
        using var transform = new DenseLogTransform();
        using var scope = NewDisposeScope();
        var result = transform.forward(tensor(new float[] { -3, 0, (float)(Math.E - 1) })).data<float>().ToArray();
        Assert.Equal(0f, result[0]);
        Assert.Equal(0f, result[1]);
        Assert.Equal(1f, result[2], 5);
    }

    [Fact]
    public void DlrmMapsABatchToOneLogitPerRow()
    {
        using var model = TestDlrms.Create(3, new[] { 5, 7 }, dim: 4, bottom: new[] { 8 }, top: new[] { 6 });
        using var scope = NewDisposeScope();
        var logits = model.forward(rand(10, 3), randint(0, 5, new long[] { 10, 2 }));
        Assert.Equal(new long[] { 10 }, logits.shape);
        // bottom 3*8+8 + 8*4+4, embeddings 12*4 and projections 2 * 4*4, top (4 + 3 pairs)*6+6 + 6+1
        Assert.Equal(32 + 36 + 48 + 32 + 48 + 7, model.ParameterCount);
    }

    [Fact]
    public void HandDesignedDlrmWorksWithoutDenseInputs()
    {
        using var scope = NewDisposeScope();
        using var sparseOnly = TestDlrms.HandDesigned(0, new[] { 5, 6 });
        Assert.Equal(new long[] { 4 }, sparseOnly.forward(zeros(4, 0), randint(0, 5, new long[] { 4, 2 })).shape);
        // Dense inputs alone are outside the DLRM space (it needs a categorical field; logistic regression takes them).
        var error = Assert.Throws<ArgumentException>(() => TestDlrms.HandDesigned(3, Array.Empty<int>()));
        Assert.Contains("at least one categorical field", error.Message);
    }
}

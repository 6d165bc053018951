using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Blocks;
using Rankitect.SearchSpaces.Modules;
using TorchSharp;
using static Rankitect.Tests.Blocks.BlockTestSpaces;
using static TorchSharp.torch;

namespace Rankitect.Tests.Blocks;

public class BlockSpaceTests
{
    public BlockSpaceTests() => Rankitect.Native.TorchRuntime.EnsureLoaded();

    [Fact]
    public void ChoicesAreNamedPerBlockInEncodingOrder()
    {
        var space = new BlockSpace(Shape(), BlockSpaceOptions.Full with { Blocks = 3 });
        var names = space.Choices.Select(c => c.Name).ToArray();
        Assert.Equal(new[] { "b0.dense_op", "b0.sparse_op", "b0.width", "b0.tokens", "b0.dense_to_sparse", "b0.sparse_to_dense", "b0.left", "b0.right" },
            names.Take(8));
        Assert.Equal(new[] { "b2.dense_op", "b2.sparse_op", "b2.width", "b2.tokens", "b2.dense_to_sparse", "b2.sparse_to_dense",
            "b2.dense_in.stem", "b2.dense_in.b0", "b2.sparse_in.stem", "b2.sparse_in.b0", "b2.left", "b2.right" }, names.TakeLast(12));
        Assert.Equal(6, space.Choices[0].Count);
        Assert.Equal(3, space.Choices[1].Count);
        Assert.Equal(new[] { "16", "32", "64", "128", "256" }, Enumerable.Range(0, 5).Select(space.Choices[2].Label));
        Assert.Equal("off", space.Choices[4].Label(0));
        var right = space.Choices[space.BlockChoices(2).Right];
        Assert.Equal(new[] { "stem", "b0", "b1" }, Enumerable.Range(0, right.Count).Select(right.Label));
        Assert.Equal("block-full", space.Name);
    }

    [Fact]
    public void PresetsAndADeclaredSpace()
    {
        var small = new BlockSpace(Shape(), BlockSpaceOptions.Small);
        Assert.Equal(7, small.BlockCount);
        Assert.Equal(new[] { DenseOp.Fc, DenseOp.DotProduct }, small.DenseOps);
        Assert.Equal(new[] { SparseOp.Efc }, small.SparseOps);
        Assert.False(small.HasBinaryOps);
        Assert.DoesNotContain(small.Choices, c => c.Name.EndsWith(".left"));
        Assert.Equal(16, small.EmbeddingDim);
        Assert.Equal(BlockSpaceOptions.PaperDenseWidths, new[] { 16, 32, 64, 128, 256, 512, 768, 1024 });

        var declared = new BlockSpace(Shape(), new BlockSpaceOptions { Blocks = 3, DenseOps = [DenseOp.Fc, DenseOp.Gating], DenseWidths = [32, 64] });
        Assert.Equal(2, declared.Choices[declared.BlockChoices(0).Width].Count);
        Assert.True(declared.HasBinaryOps);
        var lookBack = new BlockSpace(Shape(), BlockSpaceOptions.Small with { Blocks = 4, MaxLookBack = 2, SearchInteractions = false });
        Assert.Equal(new[] { 2, 3 }, lookBack.Sources(3));
        Assert.Equal(new[] { "b3.dense_op", "b3.sparse_op", "b3.width", "b3.tokens", "b3.dense_in.b1", "b3.sparse_in.b1" },
            lookBack.Choices.Select(c => c.Name).TakeLast(6));
    }

    [Theory]
    [InlineData("DenseOps", "DenseOps must be known ops and not empty (is [])")]
    [InlineData("DenseWidths", "DenseWidths must be positive and not empty (is [16, 0])")]
    [InlineData("Blocks", "Blocks must be in 1..64 (is 0)")]
    [InlineData("AttentionHeads", "AttentionHeads must be positive and divide EmbeddingDim 16 (is 3)")]
    [InlineData("SparseOps", "SparseOps must be known ops and not empty (is [])")]
    public void BadOptionsAreRefusedNamingTheOptionAndValue(string option, string message)
    {
        var options = option switch
        {
            "DenseOps" => new BlockSpaceOptions { DenseOps = [] },
            "DenseWidths" => new BlockSpaceOptions { DenseWidths = [16, 0] },
            "Blocks" => new BlockSpaceOptions { Blocks = 0 },
            "AttentionHeads" => new BlockSpaceOptions { AttentionHeads = 3 },
            _ => new BlockSpaceOptions { SparseOps = [] },
        };
        var error = Assert.Throws<ArgumentException>(() => new BlockSpace(Shape(), options));
        Assert.Contains(message, error.Message);
        Assert.Contains("FieldCount is 0", Assert.Throws<ArgumentException>(() => new BlockSpace(new CtrFeatureShape(3, Array.Empty<int>()))).Message);
    }

    [Fact]
    public void SamplingIsDeterministicAndEveryIndexVectorIsAnArchitecture()
    {
        var space = new BlockSpace(Shape(), TinyFull(4));
        IArchitectureSpace general = space;
        Assert.Equal(general.Sample(new Random(5)), general.Sample(new Random(5)));
        var random = new Random(1);
        var seen = new HashSet<string>();
        for (int n = 0; n < 300; n++)
        {
            // Uniform over each choice's whole range: every such vector must be valid and decode/encode losslessly.
            var indices = space.Choices.Select(c => random.Next(c.Count)).ToArray();
            Assert.Empty(space.Check(indices));
            Assert.Equal(indices, space.Encode(space.Decode(indices)));
            seen.Add(space.ToJson(indices));
        }
        Assert.Equal(300, seen.Count); // distinct vectors give distinct architectures
        Assert.NotEmpty(space.Check(new int[space.Choices.Count - 1]));
        Assert.NotEmpty(space.Check(Enumerable.Repeat(9, space.Choices.Count).ToArray()));
        // A few random vectors also build and run.
        using var dense = rand(2, 3);
        using var ids = tensor(new long[] { 0, 6, 3, 4, 1, 2 }, new long[] { 2, 3 });
        for (int n = 0; n < 5; n++)
        {
            using var network = space.Build(space.Sample(random));
            network.eval();
            using var logits = network.forward(dense, ids);
            Assert.Equal(new long[] { 2 }, logits.shape);
            Assert.True(logits.isfinite().all().item<bool>());
        }
    }

    [Fact]
    public void JsonRoundTripsAndIsReadable()
    {
        var space = new BlockSpace(Shape(), TinyFull(6));
        var indices = AllOperators(space);
        var json = space.ToJson(indices);
        Assert.Equal(indices, space.FromJson(json));
        Assert.Contains("\"denseOp\":\"Gating\"", json);
        Assert.Contains("\"denseInputs\":[\"stem\",\"b0\",\"b1\"]", json);
        Assert.Contains("\"space\":\"block-full\"", json);
        var description = space.Describe(indices);
        Assert.StartsWith("b0: Fc(6)<stem> Attention(3)<stem> +s2d; b1: DotProduct(4)<stem,b0>", description);
        Assert.Contains("Gating(6)<stem,b0,b1>[stem,b1]", description);
    }

    [Theory]
    [InlineData("not json", "not a block architecture")]
    [InlineData("{\"space\":\"block-full\"}", "not a block architecture")]
    [InlineData("{\"space\":\"block-full\",\"blocks\":[],\"extra\":1}", "not a block architecture")]
    [InlineData("{\"space\":\"other\",\"blocks\":[]}", "is of space 'other'")]
    [InlineData("{\"space\":\"block-full\",\"blocks\":[]}", "0 blocks; the space has 6")]
    public void FromJsonRejectsMalformedJsonAndOtherSpaces(string json, string message)
    {
        var space = new BlockSpace(Shape(), TinyFull(6));
        var error = Assert.Throws<ArgumentException>(() => space.FromJson(json));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void FromJsonNamesTheBadBlockValue()
    {
        var space = new BlockSpace(Shape(), TinyFull(6));
        var json = space.ToJson(AllOperators(space));
        Assert.Contains("Block b0: width 7 is not", Assert.Throws<ArgumentException>(() => space.FromJson(json.Replace("\"width\":6", "\"width\":7"))).Message);
        Assert.Contains("Block b2: dense input 'b7' is not an allowed source",
            Assert.Throws<ArgumentException>(() => space.FromJson(json.Replace("[\"stem\",\"b0\",\"b1\"]", "[\"stem\",\"b7\",\"b1\"]"))).Message);
        Assert.Contains("not a block architecture", Assert.Throws<ArgumentException>(() => space.FromJson(json.Replace("\"Gating\"", "\"Conv\""))).Message);
        var small = new BlockSpace(Shape(), TinyFull(6) with { Name = "block-tiny", DenseOps = [DenseOp.Fc] });
        Assert.Contains("is of space 'block-full'", Assert.Throws<ArgumentException>(() => small.FromJson(json)).Message);
    }

    [Fact]
    public void SameJsonAndSeedRebuildTheSameNetwork()
    {
        var space = new BlockSpace(Shape(), TinyFull(6));
        var json = space.ToJson(AllOperators(space));
        using var five = 5.ToScalar();
        using var dense = rand(4, 3).mul(five);
        using var ids = tensor(new long[] { 0, 6, 3, 4, 1, 2, 1, 1, 1, 2, 2, 2 }, new long[] { 4, 3 });
        float[] Run()
        {
            using var network = SeededTorch.Create(3, () => space.Build(space.FromJson(json)));
            network.eval();
            using var logits = network.forward(dense, ids);
            return logits.data<float>().ToArray();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void WithoutDenseFeaturesTheStemProjectsTheEmbeddings()
    {
        var space = new BlockSpace(Shape(dense: 0), TinyFull(6));
        using var network = space.Build(AllOperators(space));
        network.eval();
        using var dense = zeros(3, 0);
        using var ids = tensor(new long[] { 0, 6, 3, 4, 1, 2, 1, 1, 1 }, new long[] { 3, 3 });
        using var logits = network.forward(dense, ids);
        Assert.Equal(new long[] { 3 }, logits.shape);
        Assert.Equal(space.CostOf(AllOperators(space)).Parameters, network.ParameterCount);
    }
}

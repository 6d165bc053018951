using TorchSharp;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Blocks;
using Rankitect.SearchSpaces.Cost;
using static Rankitect.Tests.Blocks.BlockTestSpaces;
using static TorchSharp.torch;

namespace Rankitect.Tests.Blocks;

public class BlockCostModelTests
{
    public BlockCostModelTests() => Rankitect.Native.TorchRuntime.EnsureLoaded();

    [Fact]
    public void FcAndEfcByHand()
    {
        // 2 dense features, fields of 3 and 4 rows, e = 2, one block: FC width 3, EFC 2 tokens, stem width 4.
        var space = new BlockSpace(new CtrFeatureShape(2, new[] { 3, 4 }), new BlockSpaceOptions
        {
            Blocks = 1, EmbeddingDim = 2, DenseOps = [DenseOp.Fc], SparseOps = [SparseOp.Efc], DenseWidths = [3], SparseTokens = [2],
            StemWidth = 4, SearchInteractions = false,
        });
        var indices = new int[space.Choices.Count];
        // stem: Linear(2 -> 4) 12 params, 16 FLOPs; tables 7 rows x 2 = 14 params.
        // b0 FC: D = 4 -> w = 3: 4*3 + 3 + LayerNorm 2*3 = 21 params, 2*4*3 = 24 FLOPs.
        // b0 EFC: T = 2 fields -> t = 2: 2*2 + 2 = 6 params, 2*t*T*e = 16 FLOPs.
        // output: 3 + 2 tokens * 2 = 7 inputs: 8 params, 14 FLOPs.
        var cost = space.CostOf(indices);
        Assert.Equal(new ArchitectureCost(16 + 24 + 16 + 14, 12 + 14 + 21 + 6 + 8, 7, 7 * 2 * 4), cost);
        using var network = space.Build(indices);
        Assert.Equal(cost.Parameters, network.ParameterCount);
    }

    [Fact]
    public void CrossAttentionGatingZerosAndInteractionsByHand()
    {
        // No dense features, fields of 3 and 5 rows, e = 2, 1 head, FFN 3, 1 interaction token, widths {2}, tokens {1}, stem 3.
        var space = new BlockSpace(new CtrFeatureShape(0, new[] { 3, 5 }), new BlockSpaceOptions
        {
            Blocks = 2, EmbeddingDim = 2, DenseOps = [DenseOp.Gating, DenseOp.Cross], SparseOps = [SparseOp.Attention, SparseOp.Zeros],
            DenseWidths = [2], SparseTokens = [1], StemWidth = 3, AttentionHeads = 1, AttentionFfnWidth = 3, InteractionTokens = 1,
        });
        var architecture = new BlockArchitecture
        {
            Space = space.Name,
            Blocks =
            [
                Gene(DenseOp.Cross, SparseOp.Attention, 2, 1, ["stem"], ["stem"], d2s: true),
                Gene(DenseOp.Gating, SparseOp.Zeros, 2, 1, ["stem", "b0"], ["b0"], s2d: true, left: "stem", right: "b0"),
            ],
        };
        var indices = space.Encode(architecture);
        // stem: flattened embeddings 2*2 = 4 -> 3: 15 params, 24 FLOPs; tables 8 rows x 2 = 16 params.
        // b0 cross, D = 3, w = 2: D² + D + D w + w = 9 + 3 + 6 + 2 = 20 params; 2D² + 2D + 2Dw = 18 + 6 + 12 = 36 FLOPs.
        // b0 attention, T = 2, t = 1, e = 2, H = 3: qkv 18 + out 6 + norms 8 + FFN 9 + 8 + EFC 3 = 52 params;
        //    T(8e² + 4eH) + 4eT² + 2etT = 2 * 56 + 32 + 8 = 152 FLOPs.
        // b0 dense->sparse, n = 1: w n e + n e = 6 params, 2 w n e = 8 FLOPs. Its output: width 2, tokens 1 + 1.
        // b1 gating, left stem (3), right b0 (2), w = 2: (3 + 2) 2 + 2 + 2 + (4 + 2) = 20 params; 2 (3 + 2) 2 + 2*4 = 28 FLOPs.
        // b1 zeros: nothing. b1 sparse->dense: e w + w = 6 params; FM 2 t e + 2e = 8, linear 2 e w = 8: 16 FLOPs.
        // output: 2 + 1 token * 2 = 4 inputs: 5 params, 8 FLOPs.
        var cost = space.CostOf(indices);
        Assert.Equal(new ArchitectureCost(24 + 36 + 152 + 8 + 28 + 16 + 8, 15 + 16 + 20 + 52 + 6 + 20 + 6 + 5, 8, 8 * 2 * 4), cost);
        using var network = space.Build(indices);
        Assert.Equal(cost.Parameters, network.ParameterCount);
    }

    [Fact]
    public void DotProductAndFmByHand()
    {
        // 1 dense feature, three 2-row fields, e = 2, k = 2 dot tokens (3 pairs), widths {2}, tokens {2}, stem 2.
        var space = new BlockSpace(new CtrFeatureShape(1, new[] { 2, 2, 2 }), new BlockSpaceOptions
        {
            Blocks = 2, EmbeddingDim = 2, DenseOps = [DenseOp.DotProduct, DenseOp.Fm], SparseOps = [SparseOp.Efc], DenseWidths = [2],
            SparseTokens = [2], StemWidth = 2, DotTokens = 2, SearchInteractions = false,
        });
        var indices = space.Encode(new BlockArchitecture
        {
            Space = space.Name,
            Blocks =
            [
                Gene(DenseOp.DotProduct, SparseOp.Efc, 2, 2, ["stem"], ["stem"]),
                Gene(DenseOp.Fm, SparseOp.Efc, 2, 2, ["stem", "b0"], ["stem", "b0"]),
            ],
        });
        // stem: 1 -> 2: 4 params, 4 FLOPs; tables 6 x 2 = 12 params.
        // b0 dot, D = 2, T = 3: De + e + kT + k + P w + w = 4 + 2 + 6 + 2 + 6 + 2 = 22 params;
        //    2De + 2kTe + 2Pe + 2Pw = 8 + 24 + 12 + 12 = 56 FLOPs. b0 EFC 3 -> 2: 8 params, 2*2*2*3 = 24 FLOPs.
        // b1 FM, D = 2 + 2, T = 3 + 2: e w + D w + w = 4 + 8 + 2 = 14 params; 2Te + 2e + 2ew + 2Dw = 20 + 4 + 8 + 16 = 48 FLOPs.
        // b1 EFC 5 -> 2: 12 params, 40 FLOPs. Output: 2 + 2*2 = 6 inputs: 7 params, 12 FLOPs.
        var cost = space.CostOf(indices);
        Assert.Equal(new ArchitectureCost(4 + 56 + 24 + 48 + 40 + 12, 4 + 12 + 22 + 8 + 14 + 12 + 7, 6, 6 * 2 * 4), cost);
        using var network = space.Build(indices);
        Assert.Equal(cost.Parameters, network.ParameterCount);
    }

    [Fact]
    public void ExactParametersEqualTheBuiltNetworksOnRandomArchitectures()
    {
        foreach (var shape in new[] { Shape(), Shape(dense: 0) })
        {
            var space = new BlockSpace(shape, TinyFull(4) with { MaxLookBack = 3 });
            var random = new Random(2);
            for (int n = 0; n < 12; n++)
            {
                var indices = space.Sample(random);
                using var network = space.Build(indices);
                Assert.Equal(space.CostOf(indices).Parameters, network.ParameterCount);
            }
        }
    }

    [Fact]
    public void OneHotProbabilitiesGiveTheExactCost()
    {
        var space = new BlockSpace(Shape(), TinyFull(4));
        var random = new Random(7);
        for (int n = 0; n < 10; n++)
        {
            var indices = space.Sample(random);
            var exact = space.Cost(new ArchitectureAlgebra(indices));
            using var scope = NewDisposeScope();
            var probabilities = space.Choices.Select((c, i) => { var p = zeros(c.Count); p[indices[i]] = 1f; return p; }).ToArray();
            var expected = space.Cost(new TensorCostAlgebra(probabilities));
            Assert.Equal(exact.Flops, expected.Flops.item<double>(), 6);
            Assert.Equal(exact.Parameters, expected.Parameters.item<double>(), 6);
        }
    }

    [Fact]
    public void UniformProbabilitiesGiveTheMeanOverEveryArchitecture()
    {
        // 2 blocks, dense {gating, cross} (the ops with squares and operands), sparse {attention} (T², and EFC's tT),
        // 2 widths, 2 token counts, interactions searched: 32 x 512 = 16,384 architectures, enumerated.
        var space = new BlockSpace(Shape(), TinyFull(2) with
        {
            DenseOps = [DenseOp.Gating, DenseOp.Cross], SparseOps = [SparseOp.Attention],
        });
        var counts = space.Choices.Select(c => c.Count).ToArray();
        Assert.Equal(16_384, counts.Aggregate(1L, (a, b) => a * b));
        var indices = new int[counts.Length];
        var model = new BlockCostModel(space);
        double flops = 0, parameters = 0;
        long total = 0;
        while (true)
        {
            var terms = model.Compute(new ArchitectureAlgebra(indices));
            flops += terms.Flops;
            parameters += terms.Parameters;
            total++;
            int c = 0;
            while (c < counts.Length && ++indices[c] == counts[c]) indices[c++] = 0;
            if (c == counts.Length) break;
        }
        using var scope = NewDisposeScope();
        var uniform = counts.Select(k => { using var weight = (1.0 / k).ToScalar(); return full(k, weight, ScalarType.Float64); }).ToArray();
        var expected = space.Cost(new TensorCostAlgebra(uniform));
        Assert.Equal(flops / total, expected.Flops.item<double>(), 6);
        Assert.Equal(parameters / total, expected.Parameters.item<double>(), 6);
    }
}

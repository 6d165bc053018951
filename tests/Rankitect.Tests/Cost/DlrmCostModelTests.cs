using TorchSharp;
using Rankitect.Native;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Cost;
using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using static TorchSharp.torch;

namespace Rankitect.Tests.Cost;

public class DlrmCostModelTests
{
    // 3 dense inputs, fields of 10 and 4 ids; d = 4, so n = 3 interaction vectors.
    private static readonly DlrmSpace Small = new(new CtrFeatureShape(3, new[] { 10, 4 }), new DlrmSpaceOptions
    {
        BottomLayers = 2, TopLayers = 1, LayerWidths = new[] { 8 }, EmbeddingDims = new[] { 2, 4 },
        RowFractions = new[] { 1.0, 0.5 }, InteractionWidth = 4, CrossLayers = 1,
    });

    private static DlrmArchitecture Arch(int[] bottom, int[] top, int[] dims, double[] rows, InteractionOp op) => new()
    {
        BottomWidths = bottom, TopWidths = top, EmbeddingDims = dims, RowFractions = rows, Interaction = op,
        InteractionWidth = 4, CrossLayers = 1,
    };

    public static TheoryData<string, long, long, long, long> HandCounts => new()
    {
        // bottom 3->8 (48 FLOPs, 32 params), skip, 8->4 (64, 36); field 0: dim 2, 10 rows, proj 2->4 (16, 8 + 20);
        // field 1: dim 4, 2 rows, proj 4->4 (32, 16 + 8); dot over 3 vectors of 4: 3*2*4 = 24, width 4 + 3 = 7;
        // top 7->8 (112, 64); logit 8->1 (16, 9).
        { "dot", 312, 193, 12, 112 },
        // bottom 3->4 (24, 16); field 0: dim 4, 5 rows (32, 16 + 20); field 1: dim 2, 4 rows (16, 8 + 8);
        // one cross layer on 12: 2*144 + 2*12 = 312 FLOPs, 156 params; logit 12->1 (24, 13).
        { "cross", 408, 237, 9, 112 },
        // bottom 3->8 (48, 32), 8->8 (128, 72), 8->4 (64, 36); fields dim 2 with 10 and 4 rows (16 + 16, 28 + 16);
        // FM: 2*3*4 + 2*4 = 32, width 8; logit 8->1 (16, 9).
        { "fm", 320, 193, 14, 112 },
        // bottom 3->4 (24, 16); fields dim 2 (16 + 16, 28 + 16); concat 0 FLOPs, width 12; top 12->8 (192, 104); 8->1 (16, 9).
        { "concat", 264, 173, 14, 112 },
    };

    private static DlrmArchitecture Named(string name) => name switch
    {
        "dot" => Arch(new[] { 8, 0 }, new[] { 8 }, new[] { 2, 4 }, new[] { 1.0, 0.5 }, InteractionOp.Dot),
        "cross" => Arch(new[] { 0, 0 }, new[] { 0 }, new[] { 4, 2 }, new[] { 0.5, 1.0 }, InteractionOp.Cross),
        "fm" => Arch(new[] { 8, 8 }, new[] { 0 }, new[] { 2, 2 }, new[] { 1.0, 1.0 }, InteractionOp.FactorizationMachine),
        _ => Arch(new[] { 0, 0 }, new[] { 8 }, new[] { 2, 2 }, new[] { 1.0, 1.0 }, InteractionOp.Concat),
    };

    [Theory]
    [MemberData(nameof(HandCounts))]
    public void MatchesHandCounts(string name, long flops, long parameters, long rows, long bytes)
    {
        var cost = new DlrmCostModel(Small).Estimate(Named(name));
        Assert.Equal(new ArchitectureCost(flops, parameters, rows, bytes), cost);
    }

    [Theory]
    [MemberData(nameof(HandCounts))]
    public void ParameterCountMatchesTheBuiltModule(string name, long flops, long parameters, long rows, long bytes)
    {
        _ = (flops, rows, bytes);
        using var model = Small.Build(Named(name));
        Assert.Equal(parameters, model.ParameterCount);
    }

    // No dense inputs: fields of 10, 4 and 6 ids, d = 4, so n = 3 interaction vectors and no bottom MLP.
    private static readonly DlrmSpace NoDense = new(new CtrFeatureShape(0, new[] { 10, 4, 6 }), new DlrmSpaceOptions
    {
        BottomLayers = 2, TopLayers = 1, LayerWidths = new[] { 8 }, EmbeddingDims = new[] { 2, 4 },
        RowFractions = new[] { 1.0, 0.5 }, InteractionWidth = 4, CrossLayers = 1,
    });

    private static DlrmArchitecture NoDenseArch(InteractionOp op)
        => Arch(Array.Empty<int>(), new[] { 8 }, new[] { 2, 4, 2 }, new[] { 1.0, 0.5, 1.0 }, op);

    [Fact]
    public void WithoutDenseInputsMatchesAHandCount()
    {
        // fields: dim 2, 10 rows (16 FLOPs, 8 + 20 params); dim 4, 2 rows (32, 16 + 8); dim 2, 6 rows (16, 8 + 12);
        // dot over the 3 field vectors of 4: 3*2*4 = 24, width 3 (no bottom output beside it); top 3->8 (48, 32);
        // logit 8->1 (16, 9).
        var cost = new DlrmCostModel(NoDense).Estimate(NoDenseArch(InteractionOp.Dot));
        Assert.Equal(new ArchitectureCost(152, 113, 18, 160), cost);
    }

    public static TheoryData<InteractionOp> InteractionOps => new(Enum.GetValues<InteractionOp>());

    [Theory]
    [MemberData(nameof(InteractionOps))]
    public void WithoutDenseInputsParameterCountMatchesTheBuiltModule(InteractionOp op)
    {
        var architecture = NoDenseArch(op);
        using var model = NoDense.Build(architecture);
        Assert.Equal(new DlrmCostModel(NoDense).Estimate(architecture).Parameters, model.ParameterCount);
    }

    [Fact]
    public void WithoutDenseInputsTheExpectedCostEqualsTheBruteForceAverage()
    {
        TorchRuntime.EnsureLoaded();
        var model = new DlrmCostModel(NoDense);
        var counts = NoDense.Choices.Select(c => c.Count).ToArray();
        // Uniform probabilities: the expectation is the mean over the whole (small) space.
        double sum = 0;
        int points = 0;
        var index = new int[counts.Length];
        while (true)
        {
            sum += model.Estimate(NoDense.Decode(index)).Flops;
            points++;
            int k = 0;
            while (k < counts.Length && ++index[k] == counts[k]) index[k++] = 0;
            if (k == counts.Length) break;
        }
        using var scope = NewDisposeScope();
        var uniform = counts.Select(c => { using var weight = (1.0f / c).ToScalar(); return full(c, weight); }).ToArray();
        var terms = model.Compute(new TensorCostAlgebra(uniform));
        Assert.Equal(sum / points, terms.Flops.item<double>(), 1e-2);
    }

    [Fact]
    public void ParameterCountMatchesBuiltModulesAcrossTheDefaultSpace()
    {
        var space = new DlrmSpace(new CtrFeatureShape(5, new[] { 7, 120, 3000, 1 }));
        var cost = new DlrmCostModel(space);
        var random = new Random(11);
        for (int i = 0; i < 12; i++)
        {
            var arch = space.Sample(random);
            using var model = space.Build(arch);
            Assert.Equal(cost.Estimate(arch).Parameters, model.ParameterCount);
        }
    }

    [Fact]
    public void ExpectedCostUnderProbabilitiesEqualsTheBruteForceAverage()
    {
        TorchRuntime.EnsureLoaded();
        var random = new Random(5);
        var probabilities = Small.Choices.Select(c =>
        {
            var w = Enumerable.Range(0, c.Count).Select(_ => random.NextDouble() + 0.1).ToArray();
            return w.Select(x => x / w.Sum()).ToArray();
        }).ToArray();
        var model = new DlrmCostModel(Small);

        // Enumerate the whole small space.
        double expectedFlops = 0, expectedParameters = 0;
        var counts = Small.Choices.Select(c => c.Count).ToArray();
        var index = new int[counts.Length];
        while (true)
        {
            double p = 1;
            for (int c = 0; c < counts.Length; c++) p *= probabilities[c][index[c]];
            var cost = model.Estimate(Small.Decode(index));
            expectedFlops += p * cost.Flops;
            expectedParameters += p * cost.Parameters;
            int k = 0;
            while (k < counts.Length && ++index[k] == counts[k]) index[k++] = 0;
            if (k == counts.Length) break;
        }

        using var scope = NewDisposeScope();
        var tensors = probabilities.Select(p => tensor(p, ScalarType.Float32)).ToArray();
        var terms = model.Compute(new TensorCostAlgebra(tensors));
        Assert.Equal(expectedFlops, terms.Flops.item<double>(), 1e-3 * expectedFlops / 1e6 + 1e-2);
        Assert.Equal(expectedParameters, terms.Parameters.item<double>(), 1e-2);
    }

    [Fact]
    public void ExpectedFlopsAreDifferentiable()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var theta = Small.Choices.Select(c => zeros(c.Count).requires_grad_(true)).ToArray();
        var terms = new DlrmCostModel(Small).Compute(new TensorCostAlgebra(theta.Select(t => t.softmax(0)).ToArray()));
        terms.Flops.log().backward();
        // More cross layers / wider layers cost more: the gradient pushes the interaction away from Cross.
        var interactionGrad = theta[Small.InteractionChoice].grad!.data<float>().ToArray();
        int cross = Small.InteractionCandidates.ToList().IndexOf(InteractionOp.Cross);
        Assert.Equal(interactionGrad.Max(), interactionGrad[cross]);
        Assert.True(interactionGrad[cross] > 0);
    }
}

public class HandDesignedDlrmCostTests
{
    [Theory]
    [InlineData(3, new[] { 10, 4 })]
    [InlineData(0, new[] { 10, 4, 7 })]
    [InlineData(13, new[] { 3, 17, 100, 1000, 2, 50 })]
    public void ParameterCountMatchesTheBuiltModule(int dense, int[] cardinalities)
    {
        var space = new DlrmSpace(new CtrFeatureShape(dense, cardinalities));
        var architecture = DlrmSpace.HandDesigned(space);
        using var model = space.Build(architecture);
        Assert.Equal(model.ParameterCount, new DlrmCostModel(space).Estimate(architecture).Parameters);
    }

    [Fact]
    public void MatchesAHandCount()
    {
        // bottom 3->64->16: 384 + 2048 FLOPs, 256 + 1040 params; fields of 10 and 4 rows at dim 16: 224 params, each
        // projected 16->16 (512 FLOPs, 256 params); dot over 3 vectors of 16: 3*2*16 = 96, width 16 + 3 = 19;
        // top 19->128->64: 4864 + 16384 FLOPs, 2560 + 8256 params; logit 64->1: 128, 65.
        var space = new DlrmSpace(new CtrFeatureShape(3, new[] { 10, 4 }));
        var cost = new DlrmCostModel(space).Estimate(DlrmSpace.HandDesigned(space));
        Assert.Equal(new ArchitectureCost(24_928, 12_913, 14, 14 * 16 * sizeof(float)), cost);
    }
}

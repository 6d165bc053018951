using Rankitect.SearchSpaces.Modules;
using System.Text.Json;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Dlrm;

namespace Rankitect.Tests.Spaces;

public class DlrmSpaceTests
{
    private static readonly CtrFeatureShape Shape = new(4, new[] { 50, 1000, 3 });

    [Fact]
    public void ChoicesAreDeclaredAsDataInEncodingOrder()
    {
        var space = new DlrmSpace(Shape);
        var names = space.Choices.Select(c => c.Name).ToArray();
        Assert.Equal(new[] { "bottom.0", "bottom.1", "bottom.2", "top.0", "top.1", "top.2", "emb_dim.0", "emb_dim.1", "emb_dim.2",
            "emb_rows.0", "emb_rows.1", "emb_rows.2", "interaction" }, names);
        Assert.Equal(6, space.Choices[0].Count); // skip + 5 widths
        Assert.Equal("skip", space.Choices[0].Label(0));
        Assert.Equal(4, space.Choices[space.InteractionChoice].Count);
    }

    [Fact]
    public void SamplesAreValidAndRoundTripThroughIndicesAndJson()
    {
        var space = new DlrmSpace(Shape);
        var random = new Random(3);
        var ids = new HashSet<string>();
        for (int i = 0; i < 50; i++)
        {
            var arch = space.Sample(random);
            Assert.Empty(space.Validate(arch));
            Assert.Equal(arch, space.Decode(space.Encode(arch)));
            var back = DlrmArchitecture.FromJson(arch.ToJson());
            Assert.Equal(arch, back);
            Assert.Equal(arch.ArchId, back.ArchId);
            Assert.Equal(arch.GetHashCode(), back.GetHashCode());
            ids.Add(arch.ArchId);
        }
        Assert.True(ids.Count > 45, "Random samples should almost never repeat.");
    }

    [Fact]
    public void SameSeedSamplesTheSameArchitectures()
    {
        var space = new DlrmSpace(Shape);
        var a = Enumerable.Range(0, 5).Select(_ => space.Sample(new Random(9)).ArchId).Distinct();
        Assert.Single(a);
    }

    [Fact]
    public void ArchIdIsStableAndReadable()
    {
        var space = new DlrmSpace(Shape);
        var arch = space.Decode(new int[space.Choices.Count]);
        Assert.Equal(16, arch.ArchId.Length);
        Assert.Equal(arch.ArchId, DlrmArchitecture.FromJson(arch.ToJson()).ArchId);
        Assert.Equal("bottom[skip,skip,skip] top[skip,skip,skip] dims[4,4,4] rows[1,1,1] Dot d=16", arch.ToString());
        Assert.Contains("\"interaction\":\"Dot\"", arch.ToJson());
        Assert.NotEqual(arch.ArchId, (arch with { Interaction = InteractionOp.Concat }).ArchId);
    }

    [Fact]
    public void TheFirstOrderChoiceExistsOnlyWhenTheTermIsACandidate()
    {
        var plain = new DlrmSpace(Shape);
        Assert.False(plain.HasFirstOrderChoice);
        Assert.Equal(-1, plain.FirstOrderChoice);
        Assert.DoesNotContain(plain.Choices, c => c.Name == "first_order");
        var arch = plain.Sample(new Random(2));
        Assert.False(arch.FirstOrder);
        Assert.DoesNotContain("firstOrder", arch.ToJson()); // JSON and ArchId as before the term existed
        Assert.Contains(plain.Validate(arch with { FirstOrder = true }), e => e.Contains("first_order = on"));

        var searched = new DlrmSpace(Shape, new DlrmSpaceOptions { FirstOrder = new[] { true, false } });
        Assert.Equal("first_order", searched.Choices[^1].Name);
        Assert.Equal(searched.Choices.Count - 1, searched.FirstOrderChoice);
        Assert.Equal(searched.Choices.Count - 2, searched.InteractionChoice);
        Assert.Equal(new[] { false, true }, searched.FirstOrderCandidates);
        var on = searched.Decode(searched.Encode(arch with { FirstOrder = true }));
        Assert.True(on.FirstOrder);
        Assert.Equal(on, DlrmArchitecture.FromJson(on.ToJson()));
        Assert.NotEqual(arch.ArchId, on.ArchId);
        Assert.EndsWith(" +first-order", on.ToString());
        Assert.False(DlrmSpace.HandDesigned(searched).FirstOrder);
        Assert.Throws<ArgumentException>(() => new DlrmSpace(Shape, new DlrmSpaceOptions { FirstOrder = Array.Empty<bool>() }));
    }

    [Fact]
    public void ValidationNamesTheProblems()
    {
        var space = new DlrmSpace(Shape);
        var arch = space.Sample(new Random(1));
        Assert.Contains(space.Validate(arch with { EmbeddingDims = new[] { 4, 8 } }), e => e.Contains("embedding dims for 3 fields"));
        Assert.Contains(space.Validate(arch with { BottomWidths = new[] { 17, 0, 0 } }), e => e.Contains("bottom.0 = 17"));
        Assert.Contains(space.Validate(arch with { RowFractions = new[] { 1.0, 0.5, 1.0 } }), e => e.Contains("emb_rows.1"));
        Assert.Contains(space.Validate(arch with { InteractionWidth = 8 }), e => e.Contains("Interaction width"));
        Assert.Throws<ArgumentException>(() => space.Encode(arch with { TopWidths = new[] { 0 } }));
        Assert.Throws<ArgumentException>(() => new DlrmSpace(new CtrFeatureShape(0, new[] { 5 })));
        Assert.Throws<JsonException>(() => DlrmArchitecture.FromJson("{\"bottomWidths\":[1]}"));
    }

    [Fact]
    public void WithoutDenseInputsTheSpaceHasNoBottomChoices()
    {
        var space = new DlrmSpace(new CtrFeatureShape(0, new[] { 50, 1000, 3 }));
        Assert.False(space.HasBottom);
        Assert.Equal(0, space.BottomLayers);
        Assert.Equal(3, space.InteractionVectors);
        Assert.Equal(new[] { "top.0", "top.1", "top.2", "emb_dim.0", "emb_dim.1", "emb_dim.2",
            "emb_rows.0", "emb_rows.1", "emb_rows.2", "interaction" }, space.Choices.Select(c => c.Name));
        Assert.Equal(new DlrmSpace(Shape).WidthCandidates, space.WidthCandidates);
        var random = new Random(4);
        for (int i = 0; i < 20; i++)
        {
            var arch = space.Sample(random);
            Assert.Empty(arch.BottomWidths);
            Assert.Empty(space.Validate(arch));
            Assert.Equal(arch, space.Decode(space.Encode(arch)));
            Assert.Equal(arch, DlrmArchitecture.FromJson(arch.ToJson()));
        }
        var withBottom = space.Sample(random) with { BottomWidths = new[] { 0, 0, 0 } };
        Assert.Contains(space.Validate(withBottom), e => e.Contains("no dense inputs"));
        // The interactions combine pairs, so a single field alone is refused.
        var error = Assert.Throws<ArgumentException>(() => new DlrmSpace(new CtrFeatureShape(0, new[] { 5 })));
        Assert.Contains("two categorical fields", error.Message);
    }

    [Fact]
    public void HandDesignedIsAnArchitectureOfTheDefaultSpace()
    {
        var space = new DlrmSpace(Shape);
        var architecture = DlrmSpace.HandDesigned(space);
        Assert.Equal(new[] { 64, 0, 0 }, architecture.BottomWidths);
        Assert.Equal(new[] { 128, 64, 0 }, architecture.TopWidths);
        Assert.Equal(new[] { 16, 16, 16 }, architecture.EmbeddingDims);
        Assert.Equal(new[] { 1.0, 1.0, 1.0 }, architecture.RowFractions);
        Assert.Equal(InteractionOp.Dot, architecture.Interaction);
        Assert.Equal(16, architecture.InteractionWidth);
        Assert.Equal(architecture, space.Decode(space.Encode(architecture)));

        var noDense = new DlrmSpace(new CtrFeatureShape(0, new[] { 50, 3 }));
        Assert.Empty(DlrmSpace.HandDesigned(noDense).BottomWidths);
        Assert.Empty(noDense.Validate(DlrmSpace.HandDesigned(noDense)));
    }

    [Fact]
    public void HandDesignedNeedsASpaceThatHoldsIt()
    {
        // The paper's space has d = 64 (and widths from 128); one top layer cannot hold the top MLP [128, 64].
        var paper = Assert.Throws<ArgumentException>(() => DlrmSpace.HandDesigned(new DlrmSpace(Shape, DlrmSpaceOptions.Paper)));
        Assert.Contains("hand-designed", paper.Message);
        Assert.Contains("Interaction width 16; the space has 64", paper.Message);
        var shallow = Assert.Throws<ArgumentException>(() => DlrmSpace.HandDesigned(new DlrmSpace(Shape, new DlrmSpaceOptions { TopLayers = 1 })));
        Assert.Contains("2 top layers; the space has 1", shallow.Message);
    }

    [Fact]
    public void OptionsShrinkTheCandidateSets()
    {
        var space = new DlrmSpace(Shape, new DlrmSpaceOptions
        {
            BottomLayers = 1, TopLayers = 2, LayerWidths = new[] { 8 }, AllowSkip = false, EmbeddingDims = new[] { 2 },
            RowFractions = new[] { 1.0 }, Interactions = new[] { InteractionOp.FactorizationMachine },
        });
        Assert.Equal(1 + 2 + 3 + 3 + 1, space.Choices.Count);
        Assert.All(space.Choices, c => Assert.Equal(1, c.Count));
        Assert.Equal(DlrmSpaceOptions.Paper.LayerWidths, new[] { 128, 256, 512, 1024 });
    }

    [Theory]
    [InlineData(100, 1.0, 100)]
    [InlineData(100, 0.1, 10)]
    [InlineData(50, 0.1, 5)]
    [InlineData(60, 0.001, 1)]
    [InlineData(1001, 0.01, 11)]
    public void RowCountsAreCeilingFractionsOfTheVocabulary(int cardinality, double fraction, int rows)
        => Assert.Equal(rows, RowHashing.RowCount(cardinality, fraction));

    [Fact]
    public void HashingKeepsTheOutOfVocabularyRowAndIsTheIdentityAtFullSize()
    {
        Assert.Equal(0, RowHashing.Row(0, 10));
        Assert.Equal(7, RowHashing.Row(7, 10));
        Assert.Equal(1, RowHashing.Row(10, 10));
        Assert.Equal(0, RowHashing.Row(5, 1));
        Rankitect.Native.TorchRuntime.EnsureLoaded();
        using var ids = TorchSharp.torch.tensor(new long[] { 0, 7, 10, 5, 0, 3 }).view(3, 2);
        using var rows = TorchSharp.torch.tensor(new long[] { 10, 1 });
        using var hashed = RowHashing.Rows(ids, rows);
        Assert.Equal(new long[] { 0, 0, 1, 0, 0, 0 }, hashed.data<long>().ToArray());
        using var rows2 = TorchSharp.torch.tensor(new long[] { 10, 4 });
        using var hashed2 = RowHashing.Rows(ids, rows2);
        Assert.Equal(new long[] { 0, 1, 1, 2, 0, 3 }, hashed2.data<long>().ToArray());
    }
}

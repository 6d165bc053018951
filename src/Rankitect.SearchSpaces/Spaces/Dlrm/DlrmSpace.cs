using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Cost;
using Rankitect.SearchSpaces.Modules;

namespace Rankitect.SearchSpaces.Spaces.Dlrm;

/// <summary>
/// Search space 1 (DLRM-style, DNAS-for-CTR): bottom MLP over the dense features to width d, one embedding per
/// field (searched dim and table size) projected to d, an interaction op, a top MLP to the logit. Declared as data:
/// <see cref="Choices"/> lists, in encoding order, <c>bottom.i</c>, <c>top.i</c> (width or skip = 0),
/// <c>emb_dim.f</c>, <c>emb_rows.f</c> (per field), <c>interaction</c> and <c>first_order</c> (the wide term, on or off).
/// Needs at least one categorical field. With no dense input (<see cref="CtrFeatureShape.DenseWidth"/> = 0) there is
/// no bottom MLP: the space has no <c>bottom.i</c> choices (<see cref="BottomLayers"/> = 0, so architectures have
/// empty <see cref="DlrmArchitecture.BottomWidths"/>) and the interaction vectors are the projected field embeddings
/// only.
/// </summary>
public sealed class DlrmSpace : IArchitectureSpace, IHasReferenceArchitecture, IHasCheapestArchitecture
{
    private readonly SearchChoice[] _choices;
    private readonly int[] _widths;

    /// <summary>Creates the space for inputs of <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">Invalid shape or options.</exception>
    public DlrmSpace(CtrFeatureShape shape, DlrmSpaceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Options = options ?? new DlrmSpaceOptions();
        var errors = shape.Check().Concat(Options.Check()).ToList();
        if (shape.FieldCount == 0) errors.Add("The DLRM space needs at least one categorical field.");
        else if (shape.DenseWidth == 0 && shape.FieldCount < 2)
            errors.Add("Without dense inputs the DLRM space needs at least two categorical fields (its interactions combine pairs of vectors).");
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors));
        Shape = shape;
        // Without dense inputs a bottom choice would change nothing but the architecture's id, so there is none.
        BottomLayers = shape.DenseWidth > 0 ? Options.BottomLayers : 0;

        var widths = _widths = (Options.AllowSkip ? new[] { 0 } : Array.Empty<int>()).Concat(Options.LayerWidths.Distinct().Order()).ToArray();
        static string Width(int w) => w == 0 ? "skip" : w.ToString();
        var choices = new List<SearchChoice>();
        for (int i = 0; i < BottomLayers; i++)
            choices.Add(new SearchChoice<int>($"bottom.{i}", widths, Width));
        for (int i = 0; i < Options.TopLayers; i++)
            choices.Add(new SearchChoice<int>($"top.{i}", widths, Width));
        for (int f = 0; f < shape.FieldCount; f++)
            choices.Add(new SearchChoice<int>($"emb_dim.{f}", Options.EmbeddingDims.Distinct().Order()));
        for (int f = 0; f < shape.FieldCount; f++)
            choices.Add(new SearchChoice<double>($"emb_rows.{f}", Options.RowFractions.Distinct().OrderDescending()));
        choices.Add(new SearchChoice<InteractionOp>("interaction", Options.Interactions.Distinct()));
        // Without "on" among the candidates there is no choice, so the default space is what it was before the term existed.
        HasFirstOrderChoice = Options.FirstOrder.Contains(true);
        if (HasFirstOrderChoice)
            choices.Add(new SearchChoice<bool>("first_order", Options.FirstOrder.Distinct().Order(), on => on ? "on" : "off"));
        _choices = choices.ToArray();
    }

    /// <summary>The input shape.</summary>
    public CtrFeatureShape Shape { get; }

    /// <summary>The candidate sets.</summary>
    public DlrmSpaceOptions Options { get; }

    /// <inheritdoc/>
    public IReadOnlyList<SearchChoice> Choices => _choices;

    /// <summary>Whether there is a bottom MLP: only when there are dense inputs.</summary>
    public bool HasBottom => Shape.DenseWidth > 0;

    /// <summary>Searched bottom-MLP layers: <see cref="DlrmSpaceOptions.BottomLayers"/>, or 0 when there are no dense
    /// inputs (and so no bottom MLP).</summary>
    public int BottomLayers { get; }

    /// <summary>Vectors entering the interaction: the bottom output (when there are dense inputs) and one per field.</summary>
    public int InteractionVectors => Shape.FieldCount + (HasBottom ? 1 : 0);

    /// <summary>Index in <see cref="Choices"/> of bottom layer <paramref name="layer"/>.</summary>
    public int BottomChoice(int layer) => layer;

    /// <summary>Index in <see cref="Choices"/> of top layer <paramref name="layer"/>.</summary>
    public int TopChoice(int layer) => BottomLayers + layer;

    /// <summary>Index in <see cref="Choices"/> of field <paramref name="field"/>'s embedding dim.</summary>
    public int DimChoice(int field) => BottomLayers + Options.TopLayers + field;

    /// <summary>Index in <see cref="Choices"/> of field <paramref name="field"/>'s row fraction.</summary>
    public int RowsChoice(int field) => DimChoice(Shape.FieldCount) + field;

    /// <summary>Index in <see cref="Choices"/> of the interaction op.</summary>
    public int InteractionChoice => _choices.Length - (HasFirstOrderChoice ? 2 : 1);

    /// <summary>Whether the space has the <c>first_order</c> choice: only when <see cref="DlrmSpaceOptions.FirstOrder"/>
    /// includes true.</summary>
    public bool HasFirstOrderChoice { get; }

    /// <summary>Index in <see cref="Choices"/> of the first-order term (off/on), the last choice; -1 when
    /// <see cref="HasFirstOrderChoice"/> is false.</summary>
    public int FirstOrderChoice => HasFirstOrderChoice ? _choices.Length - 1 : -1;

    /// <summary>The choice at <paramref name="index"/> with its candidate type.</summary>
    public SearchChoice<T> Choice<T>(int index) where T : notnull => (SearchChoice<T>)_choices[index];

    /// <summary>The candidate values of the layer-width choices (0 = skip), in encoding order.</summary>
    public IReadOnlyList<int> WidthCandidates => _widths;

    /// <summary>The candidate embedding dims, in encoding order.</summary>
    public IReadOnlyList<int> DimCandidates => Choice<int>(DimChoice(0)).Candidates;

    /// <summary>The candidate row fractions, in encoding order.</summary>
    public IReadOnlyList<double> RowFractionCandidates => Choice<double>(RowsChoice(0)).Candidates;

    /// <summary>The candidate interaction ops, in encoding order.</summary>
    public IReadOnlyList<InteractionOp> InteractionCandidates => Choice<InteractionOp>(InteractionChoice).Candidates;

    /// <summary>The candidates of the first-order term, in encoding order (off before on).</summary>
    public IReadOnlyList<bool> FirstOrderCandidates => HasFirstOrderChoice ? Choice<bool>(FirstOrderChoice).Candidates : [false];

    /// <summary>
    /// The hand-designed DLRM (Naumov et al. 2019), the baseline every search is compared with, as an architecture of
    /// <paramref name="space"/>: a bottom MLP [64] over the dense features to d = 16 (none without dense inputs),
    /// 16-dimensional embeddings of every field at full size (row fraction 1), the dot-product interaction and a top
    /// MLP [128, 64]; the space's remaining layers are skipped. The default <see cref="DlrmSpaceOptions"/> hold it.
    /// Build it with <see cref="Build(DlrmArchitecture)"/> and cost it with <see cref="DlrmCostModel.Estimate"/>, like
    /// any searched architecture.
    /// </summary>
    /// <exception cref="ArgumentException">The space cannot hold it (too few layers, or one of its widths, its embedding
    /// dim, full-size tables, the dot interaction or d = 16 is not a candidate), naming the problems.</exception>
    public static DlrmArchitecture HandDesigned(DlrmSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        int fields = space.Shape.FieldCount;
        return Checked(space, "hand-designed DLRM", new DlrmArchitecture
        {
            BottomWidths = space.HasBottom ? Layers(space.BottomLayers, 64) : [],
            TopWidths = Layers(space.Options.TopLayers, 128, 64),
            EmbeddingDims = Enumerable.Repeat(16, fields).ToArray(),
            RowFractions = Enumerable.Repeat(1.0, fields).ToArray(),
            Interaction = InteractionOp.Dot,
            InteractionWidth = 16,
            CrossLayers = space.Options.CrossLayers, // unused by the dot interaction; the space fixes it
        });
    }

    /// <summary>
    /// DCN-v2 (Wang et al. 2021, the stacked form: cross network, then the deep network) as an architecture of
    /// <paramref name="space"/>, over the same embeddings as <see cref="HandDesigned"/>: 16-dimensional embeddings of
    /// every field at full size, the dense features as one more vector of width d = 16 (one linear layer with ReLU:
    /// every bottom layer skipped, the least the space has; the paper concatenates the raw dense features instead), the
    /// n vectors flattened to x0 of width n·d, the space's <see cref="DlrmSpaceOptions.CrossLayers"/> full-rank cross
    /// layers x_{l+1} = x0 ⊙ (W_l x_l + b_l) + x_l (<see cref="InteractionOp.Cross"/>, <c>CrossNetwork</c>), then the
    /// hand-designed DLRM's top MLP [128, 64] to the logit. The default <see cref="DlrmSpaceOptions"/> hold it (two
    /// cross layers). With the DLRM it differs only in the bottom and the interaction.
    /// </summary>
    /// <exception cref="ArgumentException">The space cannot hold it (no skip, too few layers, or one of its widths, its
    /// embedding dim, full-size tables, the cross interaction or d = 16 is not a candidate), naming the problems.</exception>
    public static DlrmArchitecture DcnV2(DlrmSpace space)
    {
        ArgumentNullException.ThrowIfNull(space);
        int fields = space.Shape.FieldCount;
        return Checked(space, "DCN-v2", new DlrmArchitecture
        {
            BottomWidths = Layers(space.BottomLayers),
            TopWidths = Layers(space.Options.TopLayers, 128, 64),
            EmbeddingDims = Enumerable.Repeat(16, fields).ToArray(),
            RowFractions = Enumerable.Repeat(1.0, fields).ToArray(),
            Interaction = InteractionOp.Cross,
            InteractionWidth = 16,
            CrossLayers = space.Options.CrossLayers,
        });
    }

    // The given widths, then skips up to the space's layer count (too few layers fails Validate).
    private static int[] Layers(int count, params int[] widths) => widths.Concat(Enumerable.Repeat(0, Math.Max(0, count - widths.Length))).ToArray();

    private static DlrmArchitecture Checked(DlrmSpace space, string name, DlrmArchitecture architecture)
    {
        var errors = space.Validate(architecture);
        if (errors.Count > 0)
            throw new ArgumentException($"The {name} is not an architecture of this space: " + string.Join(" ", errors), nameof(space));
        return architecture;
    }

    /// <summary>Draws one candidate per choice uniformly with <paramref name="random"/> (the caller owns the seed).</summary>
    public DlrmArchitecture Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Decode(_choices.Select(c => random.Next(c.Count)).ToArray());
    }

    /// <summary>Problems that keep <paramref name="architecture"/> out of this space (empty when it belongs).</summary>
    public IReadOnlyList<string> Validate(DlrmArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var errors = architecture.Check(Shape.FieldCount).ToList();
        if (errors.Count > 0)
            return errors;
        if (architecture.BottomWidths.Count != BottomLayers)
            errors.Add($"{architecture.BottomWidths.Count} bottom layers; the space has {BottomLayers}" + (HasBottom ? "." : " (no dense inputs)."));
        if (architecture.TopWidths.Count != Options.TopLayers)
            errors.Add($"{architecture.TopWidths.Count} top layers; the space has {Options.TopLayers}.");
        if (architecture.InteractionWidth != Options.InteractionWidth)
            errors.Add($"Interaction width {architecture.InteractionWidth}; the space has {Options.InteractionWidth}.");
        if (architecture.CrossLayers != Options.CrossLayers)
            errors.Add($"{architecture.CrossLayers} cross layers; the space has {Options.CrossLayers}.");
        if (errors.Count > 0)
            return errors;
        void Member<T>(int choice, T value) where T : notnull
        {
            var c = Choice<T>(choice);
            if (c.IndexOf(value) < 0)
                errors.Add($"{c.Name} = {value} is not a candidate ({c}).");
        }
        for (int i = 0; i < BottomLayers; i++) Member(BottomChoice(i), architecture.BottomWidths[i]);
        for (int i = 0; i < Options.TopLayers; i++) Member(TopChoice(i), architecture.TopWidths[i]);
        for (int f = 0; f < Shape.FieldCount; f++)
        {
            Member(DimChoice(f), architecture.EmbeddingDims[f]);
            Member(RowsChoice(f), architecture.RowFractions[f]);
        }
        Member(InteractionChoice, architecture.Interaction);
        if (HasFirstOrderChoice)
            Member(FirstOrderChoice, architecture.FirstOrder);
        else if (architecture.FirstOrder)
            errors.Add("first_order = on is not a candidate (the space's FirstOrder candidates are {false}).");
        return errors;
    }

    /// <summary>The hand-designed DLRM (<see cref="HandDesigned"/>), when this space's candidates include its widths,
    /// dimension, row fraction and interaction.</summary>
    public IReadOnlyList<int>? ReferenceArchitecture
    {
        get
        {
            try
            {
                return Encode(HandDesigned(this));
            }
            catch (ArgumentException)
            {
                return null; // a space narrower than the reference (fewer layers, other widths) has none
            }
        }
    }

    /// <summary>Candidate index per choice.</summary>
    /// <exception cref="ArgumentException">The architecture is not in the space.</exception>
    public int[] Encode(DlrmArchitecture architecture)
    {
        var errors = Validate(architecture);
        if (errors.Count > 0)
            throw new ArgumentException("The architecture is not in the space: " + string.Join(" ", errors), nameof(architecture));
        var indices = new int[_choices.Length];
        for (int i = 0; i < BottomLayers; i++) indices[BottomChoice(i)] = Choice<int>(BottomChoice(i)).IndexOf(architecture.BottomWidths[i]);
        for (int i = 0; i < Options.TopLayers; i++) indices[TopChoice(i)] = Choice<int>(TopChoice(i)).IndexOf(architecture.TopWidths[i]);
        for (int f = 0; f < Shape.FieldCount; f++)
        {
            indices[DimChoice(f)] = Choice<int>(DimChoice(f)).IndexOf(architecture.EmbeddingDims[f]);
            indices[RowsChoice(f)] = Choice<double>(RowsChoice(f)).IndexOf(architecture.RowFractions[f]);
        }
        indices[InteractionChoice] = Choice<InteractionOp>(InteractionChoice).IndexOf(architecture.Interaction);
        if (HasFirstOrderChoice)
            indices[FirstOrderChoice] = Choice<bool>(FirstOrderChoice).IndexOf(architecture.FirstOrder);
        return indices;
    }

    /// <summary>The architecture with candidate <c>indices[c]</c> for choice c.</summary>
    public DlrmArchitecture Decode(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Count != _choices.Length)
            throw new ArgumentException($"{indices.Count} indices for {_choices.Length} choices.", nameof(indices));
        for (int c = 0; c < _choices.Length; c++)
            if (indices[c] < 0 || indices[c] >= _choices[c].Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"Index {indices[c]} of choice {_choices[c].Name} is outside 0..{_choices[c].Count - 1}.");
        T Value<T>(int choice) where T : notnull => Choice<T>(choice).Candidates[indices[choice]];
        int fields = Shape.FieldCount;
        return new DlrmArchitecture
        {
            BottomWidths = Enumerable.Range(0, BottomLayers).Select(i => Value<int>(BottomChoice(i))).ToArray(),
            TopWidths = Enumerable.Range(0, Options.TopLayers).Select(i => Value<int>(TopChoice(i))).ToArray(),
            EmbeddingDims = Enumerable.Range(0, fields).Select(f => Value<int>(DimChoice(f))).ToArray(),
            RowFractions = Enumerable.Range(0, fields).Select(f => Value<double>(RowsChoice(f))).ToArray(),
            Interaction = Value<InteractionOp>(InteractionChoice),
            InteractionWidth = Options.InteractionWidth,
            CrossLayers = Options.CrossLayers,
            FirstOrder = HasFirstOrderChoice && Value<bool>(FirstOrderChoice),
        };
    }

    /// <summary>Builds the fixed network of <paramref name="architecture"/> (weights drawn from TorchSharp's global
    /// generator: wrap in <see cref="SeededTorch.Create{T}"/> for reproducible weights).</summary>
    /// <exception cref="ArgumentException">The architecture is not in the space.</exception>
    public CtrModule Build(DlrmArchitecture architecture)
    {
        var errors = Validate(architecture);
        if (errors.Count > 0)
            throw new ArgumentException("The architecture is not in the space: " + string.Join(" ", errors), nameof(architecture));
        return new SearchedDlrm(Shape, architecture);
    }

    /// <inheritdoc/>
    public string Name => "dlrm";

    int[] ISearchSpace.Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return _choices.Select(c => random.Next(c.Count)).ToArray();
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Check(IReadOnlyList<int> indices) => this.CheckRanges(indices);

    /// <inheritdoc/>
    public CostTerms<T> Cost<T>(ICostAlgebra<T> algebra) => new DlrmCostModel(this).Compute(algebra);

    /// <inheritdoc/>
    public int[] CheapestArchitecture() => Encode(new DlrmCostModel(this).CheapestArchitecture());

    /// <inheritdoc/>
    public CtrModule Build(IReadOnlyList<int> indices) => Build(Decode(indices));

    /// <inheritdoc/>
    public CtrSupernet CreateSupernet() => new DlrmSupernet(this);

    /// <inheritdoc/>
    public string Describe(IReadOnlyList<int> indices) => Decode(indices).ToString();

    /// <inheritdoc/>
    public string ToJson(IReadOnlyList<int> indices) => Decode(indices).ToJson();

    /// <inheritdoc/>
    public int[] FromJson(string json)
    {
        DlrmArchitecture architecture;
        try
        {
            architecture = DlrmArchitecture.FromJson(json);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new ArgumentException("The JSON is not a DLRM architecture: " + e.Message, nameof(json), e);
        }
        return Encode(architecture);
    }
}

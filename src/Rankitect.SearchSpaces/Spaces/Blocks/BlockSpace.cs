using System.Text.Json;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Cost;
using Rankitect.SearchSpaces.Modules;

namespace Rankitect.SearchSpaces.Spaces.Blocks;

/// <summary>
/// Search space 2 (NASRec / Rankitect building blocks): a stem and N choice blocks with dense connectivity. Every
/// block outputs a dense [B, width] and a sparse [B, tokens, e] tensor and reads any allowed earlier outputs (the stem
/// and earlier blocks). Declared as data (<see cref="BlockSpaceOptions"/>); per block i the choices are, in encoding
/// order: <c>b{i}.dense_op</c>, <c>b{i}.sparse_op</c>, <c>b{i}.width</c>, <c>b{i}.tokens</c>, <c>b{i}.dense_to_sparse</c>
/// and <c>b{i}.sparse_to_dense</c> (off/on, when interactions are searched), <c>b{i}.dense_in.{source}</c> and
/// <c>b{i}.sparse_in.{source}</c> (off/on) for every allowed source but the immediate predecessor (always read), and
/// <c>b{i}.left</c>, <c>b{i}.right</c> (a source, when a binary dense op is a candidate). Every index vector in range is
/// an architecture. Needs at least one categorical field; without dense inputs the dense stem is a projection of the
/// flattened field embeddings.
/// </summary>
public sealed class BlockSpace : IArchitectureSpace, IHasCheapestArchitecture
{
    private readonly SearchChoice[] _choices;
    private readonly BlockChoiceIndices[] _blocks;
    private readonly int[][] _sources;

    /// <summary>Creates the space for inputs of <paramref name="shape"/>.</summary>
    /// <param name="shape">The input shape (at least one categorical field).</param>
    /// <param name="options">The declaration; default <see cref="BlockSpaceOptions.Full"/>.</param>
    /// <exception cref="ArgumentException">Invalid shape or options (the message names the option and its value).</exception>
    public BlockSpace(CtrFeatureShape shape, BlockSpaceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Options = options ?? BlockSpaceOptions.Full;
        var errors = shape.Check().Concat(Options.Check()).ToList();
        if (shape.Cardinalities is not null && shape.FieldCount == 0)
            errors.Add("The block space needs at least one categorical field (FieldCount is 0).");
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors), options is null ? nameof(shape) : nameof(options));
        Shape = shape;
        DenseOps = Options.DenseOps.Distinct().ToArray();
        SparseOps = Options.SparseOps.Distinct().ToArray();
        DenseWidths = Options.DenseWidths.Distinct().Order().ToArray();
        SparseTokens = Options.SparseTokens.Distinct().Order().ToArray();
        HasBinaryOps = DenseOps.Any(o => o.IsBinary());

        static string OnOff(bool on) => on ? "on" : "off";
        var onOff = new[] { false, true };
        var choices = new List<SearchChoice>();
        int Add(SearchChoice choice) { choices.Add(choice); return choices.Count - 1; }
        _blocks = new BlockChoiceIndices[Options.Blocks];
        _sources = new int[Options.Blocks][];
        for (int i = 0; i < Options.Blocks; i++)
        {
            int first = Options.MaxLookBack is int lookBack ? Math.Max(0, i + 1 - lookBack) : 0;
            var sources = _sources[i] = Enumerable.Range(first, i + 1 - first).ToArray();
            string p = $"b{i}.";
            int denseOp = Add(new SearchChoice<DenseOp>(p + "dense_op", DenseOps));
            int sparseOp = Add(new SearchChoice<SparseOp>(p + "sparse_op", SparseOps));
            int width = Add(new SearchChoice<int>(p + "width", DenseWidths));
            int tokens = Add(new SearchChoice<int>(p + "tokens", SparseTokens));
            int d2s = Options.SearchInteractions ? Add(new SearchChoice<bool>(p + "dense_to_sparse", onOff, OnOff)) : -1;
            int s2d = Options.SearchInteractions ? Add(new SearchChoice<bool>(p + "sparse_to_dense", onOff, OnOff)) : -1;
            var denseIn = new Dictionary<int, int>();
            var sparseIn = new Dictionary<int, int>();
            foreach (var s in sources.Where(s => s != i))
                denseIn[s] = Add(new SearchChoice<bool>(p + "dense_in." + SourceName(s), onOff, OnOff));
            foreach (var s in sources.Where(s => s != i))
                sparseIn[s] = Add(new SearchChoice<bool>(p + "sparse_in." + SourceName(s), onOff, OnOff));
            int left = -1, right = -1;
            if (HasBinaryOps)
            {
                left = Add(new SearchChoice<int>(p + "left", sources, SourceName));
                right = Add(new SearchChoice<int>(p + "right", sources, SourceName));
            }
            _blocks[i] = new BlockChoiceIndices(denseOp, sparseOp, width, tokens, d2s, s2d, denseIn, sparseIn, left, right);
        }
        _choices = choices.ToArray();
    }

    /// <inheritdoc/>
    public string Name => Options.Name;

    /// <inheritdoc/>
    public CtrFeatureShape Shape { get; }

    /// <summary>The declaration.</summary>
    public BlockSpaceOptions Options { get; }

    /// <inheritdoc/>
    public IReadOnlyList<SearchChoice> Choices => _choices;

    /// <summary>Number of blocks N.</summary>
    public int BlockCount => Options.Blocks;

    /// <summary>Embedding dim e (size of every token).</summary>
    public int EmbeddingDim => Options.EmbeddingDim;

    /// <summary>Width of the dense stem.</summary>
    public int StemWidth => Options.EffectiveStemWidth;

    /// <summary>Dense op candidates, in encoding order (the options' order, duplicates removed).</summary>
    public IReadOnlyList<DenseOp> DenseOps { get; }

    /// <summary>Sparse op candidates, in encoding order.</summary>
    public IReadOnlyList<SparseOp> SparseOps { get; }

    /// <summary>Dense width candidates, ascending.</summary>
    public IReadOnlyList<int> DenseWidths { get; }

    /// <summary>Sparse token candidates, ascending.</summary>
    public IReadOnlyList<int> SparseTokens { get; }

    /// <summary>Whether a binary dense op (gating, sum) is a candidate, so blocks have left/right choices.</summary>
    public bool HasBinaryOps { get; }

    /// <summary>Tokens the dense→sparse module appends when on (0 when interactions are not searched).</summary>
    public int InteractionTokens => Options.SearchInteractions ? Options.InteractionTokens : 0;

    /// <summary>Where block <paramref name="block"/>'s choices sit in <see cref="Choices"/>.</summary>
    public BlockChoiceIndices BlockChoices(int block) => _blocks[block];

    /// <summary>The sources block <paramref name="block"/> may read, ascending (0 = stem, j + 1 = block j); the last
    /// one is its immediate predecessor.</summary>
    public IReadOnlyList<int> Sources(int block) => _sources[block];

    /// <summary>Name of source <paramref name="source"/>: <c>stem</c> or <c>b{j}</c>.</summary>
    public static string SourceName(int source) => source == 0 ? "stem" : $"b{source - 1}";

    /// <summary>The source id of <paramref name="name"/>, or -1 when it names none.</summary>
    public static int SourceId(string name)
    {
        if (name == "stem") return 0;
        if (name is ['b', .. var rest] && int.TryParse(rest, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int j)
            && rest == j.ToString(System.Globalization.CultureInfo.InvariantCulture))
            return j + 1;
        return -1;
    }

    /// <inheritdoc/>
    public int[] Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return _choices.Select(c => random.Next(c.Count)).ToArray();
    }

    /// <inheritdoc/>
    public IReadOnlyList<string> Check(IReadOnlyList<int> indices) => this.CheckRanges(indices);

    /// <inheritdoc/>
    public CostTerms<T> Cost<T>(ICostAlgebra<T> algebra) => new BlockCostModel(this).Compute(algebra);

    /// <inheritdoc/>
    public int[] CheapestArchitecture() => new BlockCostModel(this).CheapestArchitecture();

    /// <inheritdoc/>
    public CtrModule Build(IReadOnlyList<int> indices) => new BlockNetwork(this, indices);

    /// <summary>Builds the fixed network of <paramref name="architecture"/> (fresh weights).</summary>
    public BlockNetwork Build(BlockArchitecture architecture) => new(this, Encode(architecture));

    /// <inheritdoc/>
    public CtrSupernet CreateSupernet() => new BlockSupernet(this);

    /// <inheritdoc/>
    public string Describe(IReadOnlyList<int> indices) => Decode(indices).ToString();

    /// <inheritdoc/>
    public string ToJson(IReadOnlyList<int> indices) => Decode(indices).ToJson();

    /// <inheritdoc/>
    public int[] FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        BlockArchitecture architecture;
        try
        {
            architecture = BlockArchitecture.FromJson(json);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The JSON is not a block architecture: {e.Message}", nameof(json), e);
        }
        return Encode(architecture);
    }

    /// <summary>The readable architecture of <paramref name="indices"/>.</summary>
    /// <exception cref="ArgumentException">The indices are not an architecture of this space.</exception>
    public BlockArchitecture Decode(IReadOnlyList<int> indices)
    {
        var blocks = Resolve(indices);
        return new BlockArchitecture
        {
            Space = Name,
            Blocks = blocks.Select(b => new BlockGene
            {
                DenseOp = b.DenseOp, SparseOp = b.SparseOp, Width = b.Width, Tokens = b.Tokens,
                DenseToSparse = b.DenseToSparse, SparseToDense = b.SparseToDense,
                DenseInputs = b.DenseSources.Select(SourceName).ToArray(),
                SparseInputs = b.SparseSources.Select(SourceName).ToArray(),
                Left = SourceName(b.Left), Right = SourceName(b.Right),
            }).ToArray(),
        };
    }

    /// <summary>Problems that keep <paramref name="architecture"/> from being an architecture of this space, each
    /// naming the block and the value (empty when it is one).</summary>
    public IReadOnlyList<string> Validate(BlockArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var errors = new List<string>();
        if (architecture.Space != Name)
            errors.Add($"The architecture is of space '{architecture.Space}', not '{Name}'.");
        if (architecture.Blocks is null || architecture.Blocks.Count != BlockCount)
        {
            errors.Add($"{architecture.Blocks?.Count ?? 0} blocks; the space has {BlockCount}.");
            return errors;
        }
        for (int i = 0; i < BlockCount; i++)
        {
            var b = architecture.Blocks[i];
            string at = $"Block b{i}:";
            if (b is null) { errors.Add($"{at} missing."); continue; }
            if (!DenseOps.Contains(b.DenseOp)) errors.Add($"{at} dense op {b.DenseOp} is not a candidate ({string.Join(", ", DenseOps)}).");
            if (!SparseOps.Contains(b.SparseOp)) errors.Add($"{at} sparse op {b.SparseOp} is not a candidate ({string.Join(", ", SparseOps)}).");
            if (!DenseWidths.Contains(b.Width)) errors.Add($"{at} width {b.Width} is not a candidate ({string.Join(", ", DenseWidths)}).");
            if (!SparseTokens.Contains(b.Tokens)) errors.Add($"{at} tokens {b.Tokens} is not a candidate ({string.Join(", ", SparseTokens)}).");
            if (!Options.SearchInteractions && (b.DenseToSparse || b.SparseToDense))
                errors.Add($"{at} interaction modules are on, but the space does not search them.");
            var allowed = _sources[i];
            void Inputs(IReadOnlyList<string>? names, string what)
            {
                if (names is null) { errors.Add($"{at} {what} inputs are missing."); return; }
                var ids = names.Select(SourceId).ToArray();
                for (int k = 0; k < ids.Length; k++)
                    if (!allowed.Contains(ids[k]))
                        errors.Add($"{at} {what} input '{names[k]}' is not an allowed source ({string.Join(", ", allowed.Select(SourceName))}).");
                if (!ids.Contains(i))
                    errors.Add($"{at} {what} inputs must include the predecessor '{SourceName(i)}'.");
                if (!ids.SequenceEqual(ids.Distinct().Order()))
                    errors.Add($"{at} {what} inputs must be distinct and in ascending order ({string.Join(", ", names)}).");
            }
            Inputs(b.DenseInputs, "dense");
            Inputs(b.SparseInputs, "sparse");
            foreach (var (name, what) in new[] { (b.Left, "left"), (b.Right, "right") })
            {
                int id = name is null ? -1 : SourceId(name);
                if (HasBinaryOps ? !allowed.Contains(id) : id != i)
                    errors.Add($"{at} {what} operand '{name}' is not " + (HasBinaryOps
                        ? $"an allowed source ({string.Join(", ", allowed.Select(SourceName))})."
                        : $"the predecessor '{SourceName(i)}' (the space has no binary ops)."));
            }
        }
        return errors;
    }

    /// <summary>The choice indices of <paramref name="architecture"/>.</summary>
    /// <exception cref="ArgumentException">The architecture is not in this space (the message lists the problems).</exception>
    public int[] Encode(BlockArchitecture architecture)
    {
        var errors = Validate(architecture);
        if (errors.Count > 0)
            throw new ArgumentException($"Not an architecture of the '{Name}' space: " + string.Join(" ", errors), nameof(architecture));
        var indices = new int[_choices.Length];
        for (int i = 0; i < BlockCount; i++)
        {
            var b = architecture.Blocks[i];
            var c = _blocks[i];
            indices[c.DenseOp] = ((SearchChoice<DenseOp>)_choices[c.DenseOp]).IndexOf(b.DenseOp);
            indices[c.SparseOp] = ((SearchChoice<SparseOp>)_choices[c.SparseOp]).IndexOf(b.SparseOp);
            indices[c.Width] = ((SearchChoice<int>)_choices[c.Width]).IndexOf(b.Width);
            indices[c.Tokens] = ((SearchChoice<int>)_choices[c.Tokens]).IndexOf(b.Tokens);
            if (c.DenseToSparse >= 0) indices[c.DenseToSparse] = b.DenseToSparse ? 1 : 0;
            if (c.SparseToDense >= 0) indices[c.SparseToDense] = b.SparseToDense ? 1 : 0;
            var dense = b.DenseInputs.Select(SourceId).ToHashSet();
            var sparse = b.SparseInputs.Select(SourceId).ToHashSet();
            foreach (var (s, choice) in c.DenseInputs) indices[choice] = dense.Contains(s) ? 1 : 0;
            foreach (var (s, choice) in c.SparseInputs) indices[choice] = sparse.Contains(s) ? 1 : 0;
            if (c.Left >= 0) indices[c.Left] = ((SearchChoice<int>)_choices[c.Left]).IndexOf(SourceId(b.Left));
            if (c.Right >= 0) indices[c.Right] = ((SearchChoice<int>)_choices[c.Right]).IndexOf(SourceId(b.Right));
        }
        return indices;
    }

    /// <summary>Every block's choices resolved to values.</summary>
    internal ResolvedBlock[] Resolve(IReadOnlyList<int> indices)
    {
        this.ThrowIfInvalid(indices);
        var blocks = new ResolvedBlock[BlockCount];
        for (int i = 0; i < BlockCount; i++)
        {
            var c = _blocks[i];
            T Value<T>(int choice) where T : notnull => ((SearchChoice<T>)_choices[choice]).Candidates[indices[choice]];
            int[] Inputs(IReadOnlyDictionary<int, int> optional)
                => _sources[i].Where(s => s == i || indices[optional[s]] == 1).ToArray();
            blocks[i] = new ResolvedBlock(i, Value<DenseOp>(c.DenseOp), Value<SparseOp>(c.SparseOp), Value<int>(c.Width), Value<int>(c.Tokens),
                c.DenseToSparse >= 0 && indices[c.DenseToSparse] == 1, c.SparseToDense >= 0 && indices[c.SparseToDense] == 1,
                Inputs(c.DenseInputs), Inputs(c.SparseInputs),
                c.Left >= 0 ? Value<int>(c.Left) : i, c.Right >= 0 ? Value<int>(c.Right) : i);
        }
        return blocks;
    }

    /// <summary>Dense width of source <paramref name="source"/> in the architecture <paramref name="blocks"/>.</summary>
    internal int SourceWidth(ResolvedBlock[] blocks, int source) => source == 0 ? StemWidth : blocks[source - 1].Width;

    /// <summary>Sparse tokens of source <paramref name="source"/>: the fields for the stem; a block's tokens plus
    /// the dense→sparse tokens when that module is on.</summary>
    internal int SourceTokens(ResolvedBlock[] blocks, int source)
        => source == 0 ? Shape.FieldCount : blocks[source - 1].Tokens + (blocks[source - 1].DenseToSparse ? InteractionTokens : 0);

    /// <summary>Largest dense width of source <paramref name="source"/> over the space (its slice in a supernet input).</summary>
    internal int MaxSourceWidth(int source) => source == 0 ? StemWidth : DenseWidths[^1];

    /// <summary>Largest token count of source <paramref name="source"/> over the space: the fields for the stem; the
    /// largest token count plus the interaction tokens for a block.</summary>
    internal int MaxSourceTokens(int source) => source == 0 ? Shape.FieldCount : SparseTokens[^1] + InteractionTokens;
}

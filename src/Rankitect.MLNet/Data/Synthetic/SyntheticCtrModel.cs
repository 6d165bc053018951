namespace Rankitect.Data.Synthetic;

/// <summary>Per-thread buffers for generating one row at a time without allocating.</summary>
internal sealed class RowScratch
{
    public RowScratch(int denseCount, int categoricalCount, int latentLength)
    {
        Dense = new float[denseCount];
        Categories = new int[categoricalCount];
        Standardized = new double[denseCount];
        Latent = new double[latentLength];
    }

    /// <summary>Dense cell values; NaN = missing.</summary>
    public float[] Dense { get; }

    /// <summary>Categorical value indices (0 = most frequent); -1 = missing.</summary>
    public int[] Categories { get; }

    /// <summary>Standardized log1p(max(x, 0)) per dense field; 0 when missing.</summary>
    public double[] Standardized { get; }

    /// <summary>Latent vectors of the row's categorical values that take part in interactions.</summary>
    public double[] Latent { get; }
}

/// <summary>The two logits of one row: the full ground truth and its first-order (additive) part.</summary>
/// <param name="Logit">bias + first-order terms + interaction terms.</param>
/// <param name="FirstOrderLogit">A separately calibrated bias + first-order terms only.</param>
internal readonly record struct RowLogits(double Logit, double FirstOrderLogit);

/// <summary>
/// The hidden ground truth and the cell generator of the synthetic CTR data. Everything here is either a small
/// per-field parameter fixed at construction or a pure function of (seed, row, field, value).
/// </summary>
internal sealed class SyntheticCtrModel
{
    // Distinct domains keep the hash streams of different purposes independent.
    private const ulong DomainRows = 1, DomainFields = 2, DomainValues = 3, DomainText = 4, DomainStructure = 5;
    private const ulong CategoricalFieldTag = 1UL << 32;
    private const ulong LabelTag = 2UL << 32;

    // Calibration rows live above 2^63, out of reach of public (long) row numbers, so the bias does not depend
    // on RowCount or FirstRow and any prefix of rows is the same whatever the count.
    private const ulong CalibrationRowBase = 1UL << 63;
    private const int CalibrationRows = 1 << 15;   // mean true probability within about ±0.001 of the target
    private const int StandardizationRows = 1 << 12;
    private const float MaxDenseValue = 1 << 24; // integers stay exact in Single
    private const int HexLength = 8;
    private const int TextCacheSize = 256;         // Zipf heads: the top ranks cover most cells

    private readonly SyntheticCtrOptions _options;
    private readonly ulong _rowsKey;
    private readonly DenseField[] _dense;
    private readonly CategoricalField[] _categorical;
    private readonly int _rank;
    private readonly Pair[] _pairs;
    private readonly int _latentLength;
    private readonly string?[][] _textCache;

    private sealed class DenseField
    {
        public double Mu, Sigma;                // log-scale of the count: exp(Mu + Sigma z)
        public double Center, Scale = 1;        // standardizes log1p(max(x, 0))
        public double Weight;                   // first-order weight on the standardized value
        public bool IsNoise, HasNegatives;
        public double[] Latent = [];            // field vector for dense × categorical pairs
    }

    private sealed class CategoricalField
    {
        public ZipfSampler Sampler = null!;
        public double WeightScale;
        public bool IsNoise;
        public ulong ValueKey;
        public uint TextKey1, TextKey2;
        public int LatentSlot = -1;             // offset into RowScratch.Latent, -1 if not interacting
    }

    // A and B are field indices: dense for the dense side of a pair, categorical otherwise.
    private readonly record struct Pair(SyntheticInteractionKind Kind, int A, int B, double Coefficient);

    public SyntheticCtrModel(SyntheticCtrOptions options)
    {
        _options = options;
        _rank = options.InteractionRank;
        ulong seedKey = CounterHash.Combine(0x52414E4B49544543UL, (ulong)(long)options.Seed);
        _rowsKey = CounterHash.Combine(seedKey, DomainRows);
        ulong fieldsKey = CounterHash.Combine(seedKey, DomainFields);
        ulong valuesKey = CounterHash.Combine(seedKey, DomainValues);
        ulong textKey = CounterHash.Combine(seedKey, DomainText);
        var structure = new CounterStream(CounterHash.Combine(seedKey, DomainStructure));

        var noiseDense = PickSubset(ref structure, options.DenseFieldCount, options.NoiseDenseFieldCount);
        var noiseCategorical = PickSubset(ref structure, options.CategoricalFieldCount, options.NoiseCategoricalFieldCount);

        _dense = new DenseField[options.DenseFieldCount];
        for (int j = 0; j < _dense.Length; j++)
        {
            var s = new CounterStream(CounterHash.Combine(fieldsKey, (ulong)j));
            var field = new DenseField
            {
                Mu = 4.0 * s.NextUnit(),
                Sigma = 0.75 + s.NextUnit(),
                IsNoise = noiseDense[j],
                // I2, I3, ... like Criteo's I2; wraps to I1 only when every field is asked for.
                HasNegatives = (j - 1 + _dense.Length) % _dense.Length < options.NegativeDenseFieldCount,
            };
            double magnitude = options.FirstOrderStrength * (0.5 + s.NextUnit());
            field.Weight = field.IsNoise ? 0 : (s.NextUnit() < 0.5 ? -magnitude : magnitude);
            field.Latent = DrawVector(ref s, _rank);
            _dense[j] = field;
        }

        _categorical = new CategoricalField[options.CategoricalFieldCount];
        double logMin = Math.Log(options.MinCardinality), logMax = Math.Log(options.MaxCardinality);
        for (int k = 0; k < _categorical.Length; k++)
        {
            var s = new CounterStream(CounterHash.Combine(fieldsKey, CategoricalFieldTag | (uint)k));
            int cardinality = (int)Math.Clamp(Math.Round(Math.Exp(logMin + (logMax - logMin) * s.NextUnit())),
                options.MinCardinality, options.MaxCardinality);
            ulong text = CounterHash.Combine(textKey, (ulong)k);
            var field = new CategoricalField
            {
                Sampler = new ZipfSampler(cardinality, options.ZipfExponent),
                IsNoise = noiseCategorical[k],
                ValueKey = CounterHash.Combine(valuesKey, (ulong)k),
                TextKey1 = (uint)text,
                TextKey2 = (uint)(text >> 32),
            };
            field.WeightScale = field.IsNoise ? 0 : options.FirstOrderStrength * (0.5 + s.NextUnit());
            _categorical[k] = field;
        }

        _textCache = _categorical.Select(f => new string?[Math.Min(f.Sampler.Count, TextCacheSize)]).ToArray();
        _pairs = PlantInteractions(ref structure);
        _latentLength = AssignLatentSlots();
        StandardizeDenseFields();
        (Bias, FirstOrderBias) = CalibrateBiases();
        GroundTruth = Describe();
    }

    public int DenseCount => _dense.Length;

    public int CategoricalCount => _categorical.Length;

    public double Bias { get; }

    public double FirstOrderBias { get; }

    public SyntheticCtrGroundTruth GroundTruth { get; }

    public RowScratch CreateScratch() => new(_dense.Length, _categorical.Length, _latentLength);

    public static double Sigmoid(double logit) => 1.0 / (1.0 + Math.Exp(-logit));

    /// <summary>Fills the cells of <paramref name="row"/> into <paramref name="scratch"/> and returns its logits.</summary>
    public RowLogits Generate(long row, RowScratch scratch)
    {
        var (first, interaction) = GenerateTerms(_rowsKey, (ulong)row, scratch);
        return new RowLogits(Bias + first + interaction, FirstOrderBias + first);
    }

    /// <summary>Bernoulli(<paramref name="probability"/>) label of a row, from the row's own label stream.</summary>
    public bool Label(long row, double probability)
        => CounterHash.ToUnit(CounterHash.Combine(CounterHash.Combine(_rowsKey, (ulong)row), LabelTag)) < probability;

    /// <summary>Writes a categorical value as Criteo does: 8 lower-case hex digits of a 32-bit hash.</summary>
    public void FormatCategory(int field, int valueIndex, Span<char> destination)
    {
        uint hash = CategoryHash(field, valueIndex);
        for (int i = HexLength - 1; i >= 0; i--)
        {
            destination[i] = "0123456789abcdef"[(int)(hash & 0xF)];
            hash >>= 4;
        }
    }

    /// <summary>
    /// The hex text of a categorical value as an immutable string. ML.NET may keep text memory beyond the current
    /// row (ValueToKeyMapping stores it in its dictionary without copying), so text must never live in a reused
    /// buffer. The most frequent values come from a small fixed-size cache, which avoids most allocations.
    /// </summary>
    public string CategoryText(int field, int valueIndex)
    {
        var cache = _textCache[field];
        if (valueIndex < cache.Length)
        {
            // Benign race: two threads may both create the same string; either copy is correct.
            return cache[valueIndex] ??= CreateCategoryText(field, valueIndex);
        }
        return CreateCategoryText(field, valueIndex);
    }

    private string CreateCategoryText(int field, int valueIndex)
        => string.Create(HexLength, (this, field, valueIndex), static (chars, state) =>
            state.Item1.FormatCategory(state.field, state.valueIndex, chars));

    /// <summary>
    /// A keyed bijection of the value index (xor-key, murmur3's fmix32, twice), so distinct values of a field
    /// never share a hex string: a collision would merge two values of different true weight.
    /// </summary>
    public uint CategoryHash(int field, int valueIndex)
    {
        var f = _categorical[field];
        uint x = Fmix32((uint)valueIndex ^ f.TextKey1);
        return Fmix32(x ^ f.TextKey2);
    }

    private (double First, double Interaction) GenerateTerms(ulong rowsKey, ulong row, RowScratch scratch)
    {
        ulong rowKey = CounterHash.Combine(rowsKey, row);
        double first = 0;
        var denseValues = scratch.Dense;
        var standardized = scratch.Standardized;
        for (int j = 0; j < _dense.Length; j++)
        {
            var field = _dense[j];
            float x = DenseCell(rowKey, j);
            denseValues[j] = x;
            double g = float.IsNaN(x) ? 0 : (Math.Log(1.0 + Math.Max(x, 0f)) - field.Center) / field.Scale;
            standardized[j] = g;
            first += field.Weight * g;
        }

        var categories = scratch.Categories;
        var latent = scratch.Latent;
        for (int k = 0; k < _categorical.Length; k++)
        {
            var field = _categorical[k];
            var s = new CounterStream(CounterHash.Combine(rowKey, CategoricalFieldTag | (uint)k));
            if (s.NextUnit() < _options.CategoricalMissingRate)
            {
                categories[k] = -1;
                if (field.LatentSlot >= 0)
                    latent.AsSpan(field.LatentSlot, _rank).Clear();
                continue;
            }
            int value = field.Sampler.Sample(ref s);
            categories[k] = value;
            if (field.IsNoise)
                continue;
            ulong valueHash = CounterHash.Combine(field.ValueKey, (ulong)value);
            first += field.WeightScale * CounterHash.ToStandardNormalish(valueHash);
            if (field.LatentSlot >= 0)
                FillValueLatent(valueHash, latent.AsSpan(field.LatentSlot, _rank));
        }

        double interaction = 0;
        foreach (var pair in _pairs)
        {
            interaction += pair.Kind switch
            {
                SyntheticInteractionKind.CategoricalCategorical => pair.Coefficient
                    * Dot(latent.AsSpan(_categorical[pair.A].LatentSlot, _rank), latent.AsSpan(_categorical[pair.B].LatentSlot, _rank)),
                SyntheticInteractionKind.DenseCategorical => pair.Coefficient * standardized[pair.A]
                    * Dot(_dense[pair.A].Latent, latent.AsSpan(_categorical[pair.B].LatentSlot, _rank)),
                _ => pair.Coefficient * standardized[pair.A] * standardized[pair.B],
            };
        }
        return (first, interaction);
    }

    private float DenseCell(ulong rowKey, int j)
    {
        var field = _dense[j];
        var s = new CounterStream(CounterHash.Combine(rowKey, (ulong)j));
        if (s.NextUnit() < _options.DenseMissingRate)
            return float.NaN;
        // A discretized log-normal count: heavy-tailed like Criteo's integer features, with many zeros.
        double count = Math.Floor(Math.Exp(field.Mu + field.Sigma * CounterHash.ToStandardNormalish(s.NextBits())) - 0.5);
        float x = (float)Math.Clamp(count, 0, MaxDenseValue);
        if (field.HasNegatives && s.NextUnit() < _options.NegativeValueRate)
            x = -1 - (int)(s.NextBits() % 3);
        return x;
    }

    private static void FillValueLatent(ulong valueHash, Span<double> destination)
    {
        ulong bits = 0;
        for (int t = 0; t < destination.Length; t++)
        {
            if ((t & 3) == 0)
                bits = CounterHash.Mix(valueHash + CounterHash.Golden * (ulong)(t / 4 + 1));
            destination[t] = CounterHash.ToUnitVarianceUniform(bits, t & 3);
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    private static uint Fmix32(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >> 16);
    }

    private static double[] DrawVector(ref CounterStream s, int length)
    {
        var vector = new double[length];
        for (int i = 0; i < length; i++)
            vector[i] = CounterHash.ToUnitVarianceUniform(s.NextBits(), 0);
        return vector;
    }

    private static bool[] PickSubset(ref CounterStream s, int count, int chosen)
    {
        var order = Enumerable.Range(0, count).ToArray();
        for (int i = 0; i < chosen; i++)
        {
            int j = i + (int)(s.NextUnit() * (count - i));
            (order[i], order[j]) = (order[j], order[i]);
        }
        var picked = new bool[count];
        for (int i = 0; i < chosen; i++)
            picked[order[i]] = true;
        return picked;
    }

    /// <summary>Chooses the interacting pairs of signal fields and their coefficients; A and B are field indices.</summary>
    private Pair[] PlantInteractions(ref CounterStream s)
    {
        var dense = Enumerable.Range(0, _dense.Length).Where(j => !_dense[j].IsNoise).ToArray();
        var categorical = Enumerable.Range(0, _categorical.Length).Where(k => !_categorical[k].IsNoise).ToArray();
        long Available(SyntheticInteractionKind kind) => kind switch
        {
            SyntheticInteractionKind.CategoricalCategorical => (long)categorical.Length * (categorical.Length - 1) / 2,
            SyntheticInteractionKind.DenseCategorical => (long)dense.Length * categorical.Length,
            _ => (long)dense.Length * (dense.Length - 1) / 2,
        };

        // 4:3:1 mix per block of 8; the next kind in line takes over when one runs out of distinct pairs.
        SyntheticInteractionKind[] pattern =
        [
            SyntheticInteractionKind.CategoricalCategorical, SyntheticInteractionKind.DenseCategorical,
            SyntheticInteractionKind.CategoricalCategorical, SyntheticInteractionKind.DenseDense,
            SyntheticInteractionKind.CategoricalCategorical, SyntheticInteractionKind.DenseCategorical,
            SyntheticInteractionKind.CategoricalCategorical, SyntheticInteractionKind.DenseCategorical,
        ];
        // Unit-variance factors: a rank-r dot product has variance r, a product of standardized values about 1.
        double dotScale = _options.InteractionStrength / Math.Sqrt(_rank);
        var used = new HashSet<(SyntheticInteractionKind, int, int)>();
        var usedPerKind = new Dictionary<SyntheticInteractionKind, long>();
        var pairs = new Pair[_options.InteractionCount];
        for (int i = 0; i < pairs.Length; i++)
        {
            var kind = pattern[i % pattern.Length];
            for (int attempt = 0; Available(kind) <= usedPerKind.GetValueOrDefault(kind); attempt++)
                kind = pattern[(i + attempt + 1) % pattern.Length];
            (int A, int B) pick;
            do
            {
                pick = kind switch
                {
                    SyntheticInteractionKind.CategoricalCategorical => DistinctPair(ref s, categorical),
                    SyntheticInteractionKind.DenseCategorical => (Choose(ref s, dense), Choose(ref s, categorical)),
                    _ => DistinctPair(ref s, dense),
                };
            } while (!used.Add((kind, pick.A, pick.B)));
            usedPerKind[kind] = usedPerKind.GetValueOrDefault(kind) + 1;
            double coefficient = kind == SyntheticInteractionKind.DenseDense
                ? (s.NextUnit() < 0.5 ? -_options.InteractionStrength : _options.InteractionStrength)
                : dotScale;
            pairs[i] = new Pair(kind, pick.A, pick.B, coefficient);
        }
        return pairs;
    }

    /// <summary>Gives each categorical field that takes part in a dot product a slot in <see cref="RowScratch.Latent"/>.</summary>
    private int AssignLatentSlots()
    {
        int length = 0;
        foreach (var pair in _pairs)
        {
            if (pair.Kind == SyntheticInteractionKind.CategoricalCategorical && _categorical[pair.A].LatentSlot < 0)
            {
                _categorical[pair.A].LatentSlot = length;
                length += _rank;
            }
            if (pair.Kind != SyntheticInteractionKind.DenseDense && _categorical[pair.B].LatentSlot < 0)
            {
                _categorical[pair.B].LatentSlot = length;
                length += _rank;
            }
        }
        return length;
    }

    private static int Choose(ref CounterStream s, int[] items) => items[(int)(s.NextUnit() * items.Length)];

    private static (int, int) DistinctPair(ref CounterStream s, int[] items)
    {
        int a = Choose(ref s, items), b;
        do
        {
            b = Choose(ref s, items);
        } while (b == a);
        return a < b ? (a, b) : (b, a);
    }

    /// <summary>Sets each dense field's centre and scale from its own cells in the calibration rows.</summary>
    private void StandardizeDenseFields()
    {
        ulong calibrationKey = _rowsKey;
        for (int j = 0; j < _dense.Length; j++)
        {
            double sum = 0, sumSquares = 0;
            long present = 0;
            for (int i = 0; i < StandardizationRows; i++)
            {
                float x = DenseCell(CounterHash.Combine(calibrationKey, CalibrationRowBase + (ulong)i), j);
                if (float.IsNaN(x))
                    continue;
                double v = Math.Log(1.0 + Math.Max(x, 0f));
                sum += v;
                sumSquares += v * v;
                present++;
            }
            if (present > 1)
            {
                double mean = sum / present;
                double variance = Math.Max(0, sumSquares / present - mean * mean);
                _dense[j].Center = mean;
                _dense[j].Scale = variance > 1e-12 ? Math.Sqrt(variance) : 1;
            }
        }
    }

    /// <summary>
    /// Finds the biases that make the mean true probability (and the mean first-order probability) equal to
    /// the target positive rate over the calibration rows.
    /// </summary>
    private (double Bias, double FirstOrderBias) CalibrateBiases()
    {
        var full = new double[CalibrationRows];
        var firstOnly = new double[CalibrationRows];
        const int blockSize = 1024;
        Parallel.For(0, CalibrationRows / blockSize, CreateScratch, (block, _, scratch) =>
        {
            for (int i = block * blockSize; i < (block + 1) * blockSize; i++)
            {
                var (first, interaction) = GenerateTerms(_rowsKey, CalibrationRowBase + (ulong)i, scratch);
                full[i] = first + interaction;
                firstOnly[i] = first;
            }
            return scratch;
        }, _ => { });
        return (SolveBias(full, _options.TargetPositiveRate), SolveBias(firstOnly, _options.TargetPositiveRate));
    }

    // mean(sigmoid(b + l_i)) is increasing in b: Newton steps kept inside a shrinking bracket.
    private static double SolveBias(double[] logits, double target)
    {
        double lo = -60, hi = 60;
        double b = Math.Log(target / (1 - target)) - logits.Average();
        for (int iteration = 0; iteration < 100; iteration++)
        {
            double mean = 0, slope = 0;
            foreach (double l in logits)
            {
                double p = Sigmoid(b + l);
                mean += p;
                slope += p * (1 - p);
            }
            mean /= logits.Length;
            slope /= logits.Length;
            double error = mean - target;
            if (Math.Abs(error) < 1e-12)
                break;
            if (error > 0)
                hi = b;
            else
                lo = b;
            double next = slope > 0 ? b - error / slope : double.NaN;
            b = next > lo && next < hi ? next : 0.5 * (lo + hi);
        }
        return b;
    }

    private SyntheticCtrGroundTruth Describe()
    {
        var fields = new List<SyntheticField>();
        for (int j = 0; j < _dense.Length; j++)
        {
            var f = _dense[j];
            fields.Add(new SyntheticField(SyntheticCtrGenerator.DenseColumnName(j), SyntheticFieldKind.Dense, f.IsNoise, 0,
                Math.Abs(f.Weight), f.HasNegatives));
        }
        for (int k = 0; k < _categorical.Length; k++)
        {
            var f = _categorical[k];
            fields.Add(new SyntheticField(SyntheticCtrGenerator.CategoricalColumnName(k), SyntheticFieldKind.Categorical, f.IsNoise,
                f.Sampler.Count, f.WeightScale, false));
        }

        var interactions = new List<SyntheticInteraction>();
        foreach (var (kind, a, b, coefficient) in _pairs)
        {
            string first = kind == SyntheticInteractionKind.CategoricalCategorical
                ? SyntheticCtrGenerator.CategoricalColumnName(a)
                : SyntheticCtrGenerator.DenseColumnName(a);
            string second = kind == SyntheticInteractionKind.DenseDense
                ? SyntheticCtrGenerator.DenseColumnName(b)
                : SyntheticCtrGenerator.CategoricalColumnName(b);
            double strength = kind == SyntheticInteractionKind.DenseDense ? coefficient : _options.InteractionStrength;
            interactions.Add(new SyntheticInteraction(first, second, kind, strength));
        }
        return new SyntheticCtrGroundTruth(Bias, FirstOrderBias, fields, interactions);
    }
}

using System.Globalization;
using System.Text;
using Microsoft.ML;
using Rankitect.Evaluation;

namespace Rankitect.Data.Synthetic;

/// <summary>
/// Generates Criteo-shaped click data whose labels come from a hidden ground-truth model, so the Bayes-optimal
/// normalized entropy of any sample is known and a model's NE can be judged against it.
/// </summary>
/// <remarks>
/// <para>
/// Ground truth (see <see cref="GroundTruth"/>): logit = bias + Σ first-order terms + Σ planted interactions;
/// a dense field contributes w · g(x) with g the standardized log1p(max(x, 0)); a categorical value contributes a
/// fixed pseudo-random weight of its (field, value); a planted pair contributes a low-rank latent-factor product,
/// which a factorization or DLRM-style model can learn and a purely additive model cannot.
/// p = sigmoid(logit), label ~ Bernoulli(p). Missing cells contribute nothing.
/// </para>
/// <para>
/// Every cell is a pure function of (seed, row, field) through a counter-based hash, and per-value parameters of
/// (seed, field, value): rows can be generated in any order, nothing of the size of the data or of a vocabulary is
/// stored, and the first k rows are the same for any <see cref="SyntheticCtrOptions.RowCount"/>.
/// </para>
/// </remarks>
public sealed class SyntheticCtrGenerator
{
    /// <summary>Name of the Boolean label column: "Label".</summary>
    public const string LabelColumnName = "Label";

    /// <summary>Name of the optional Single column holding the true click probability: "TrueProbability".</summary>
    public const string TrueProbabilityColumnName = "TrueProbability";

    private const int BlockSize = 4096;

    private readonly SyntheticCtrOptions _options;
    private readonly SyntheticCtrModel _model;

    /// <summary>Builds the ground truth for <paramref name="options"/> (default options when null).</summary>
    /// <exception cref="ArgumentException">An option is out of range (the message names it).</exception>
    public SyntheticCtrGenerator(SyntheticCtrOptions? options = null)
    {
        _options = (options ?? new SyntheticCtrOptions()).Clone();
        _options.Validate();
        _model = new SyntheticCtrModel(_options);
    }

    /// <summary>Number of rows this generator produces.</summary>
    public long RowCount => _options.RowCount;

    /// <summary>The hidden model: biases, signal and noise fields, planted interactions.</summary>
    public SyntheticCtrGroundTruth GroundTruth => _model.GroundTruth;

    /// <summary>Column name of dense field <paramref name="index"/> (0-based): "I1", "I2", ….</summary>
    public static string DenseColumnName(int index) => "I" + (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Column name of categorical field <paramref name="index"/> (0-based): "C1", "C2", ….</summary>
    public static string CategoricalColumnName(int index) => "C" + (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The rows as a streaming <see cref="IDataView"/>: "Label" (Boolean), "I1".."In" (Single; NaN = missing),
    /// "C1".."Cm" (Text; empty = missing). Rows are regenerated on every pass; the view stores nothing.
    /// </summary>
    /// <param name="includeTrueProbability">
    /// Adds a "TrueProbability" (Single) column. Off by default: a pipeline that takes every other column as a
    /// feature (AutoML, schema inference) would otherwise learn from the answer.
    /// </param>
    public IDataView ToDataView(bool includeTrueProbability = false)
        => new SyntheticCtrDataView(_model, _options.FirstRow, _options.RowCount, includeTrueProbability);

    /// <summary>True click probability of row <paramref name="row"/> (0-based index into this generator's rows).</summary>
    public double TrueProbability(long row)
        => SyntheticCtrModel.Sigmoid(_model.Generate(GlobalRow(row), _model.CreateScratch()).Logit);

    /// <summary>
    /// Probability of row <paramref name="row"/> under the truth's first-order part alone (no interactions), with its own
    /// calibrated bias: what the truth would say if it were additive.
    /// </summary>
    public double FirstOrderProbability(long row)
        => SyntheticCtrModel.Sigmoid(_model.Generate(GlobalRow(row), _model.CreateScratch()).FirstOrderLogit);

    /// <summary>Label of row <paramref name="row"/>, as in the data view.</summary>
    public bool Label(long row)
    {
        long global = GlobalRow(row);
        return _model.Label(global, SyntheticCtrModel.Sigmoid(_model.Generate(global, _model.CreateScratch()).Logit));
    }

    /// <summary>True click probabilities of all <see cref="RowCount"/> rows, in row order (computed in parallel).</summary>
    public float[] TrueProbabilities()
    {
        var probabilities = new float[CheckedLength(RowCount)];
        Fill(probabilities.Length, null, probabilities, firstOrder: false);
        return probabilities;
    }

    /// <summary>
    /// Metrics of the true probabilities against the labels on the first <paramref name="rowCount"/> rows: the best any
    /// model can do in expectation. <c>.NormalizedEntropy</c> is the Bayes NE.
    /// </summary>
    /// <param name="rowCount">Number of leading rows to evaluate, at most <see cref="RowCount"/>; default all rows.</param>
    public CtrMetrics ComputeBayesMetrics(long? rowCount = null) => ComputeMetrics(rowCount, firstOrder: false);

    /// <summary>
    /// Metrics of <see cref="FirstOrderProbability"/> against the labels on the first <paramref name="rowCount"/> rows:
    /// what an additive model that knew the truth's first-order part exactly would achieve.
    /// </summary>
    /// <param name="rowCount">Number of leading rows to evaluate, at most <see cref="RowCount"/>; default all rows.</param>
    public CtrMetrics ComputeFirstOrderMetrics(long? rowCount = null) => ComputeMetrics(rowCount, firstOrder: true);

    /// <summary>Bayes-optimal normalized entropy of the first <paramref name="rowCount"/> rows (default all rows).</summary>
    public double BayesNormalizedEntropy(long? rowCount = null) => ComputeBayesMetrics(rowCount).NormalizedEntropy;

    /// <summary>
    /// Writes the rows to <paramref name="path"/> in the Criteo Kaggle layout (UTF-8, no BOM): label, the integer
    /// fields (empty = missing), the 8-hex-digit categorical fields (empty = missing), TAB-separated, no header, LF.
    /// </summary>
    public void WriteCriteoTsv(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
        WriteCriteoTsv(writer);
    }

    /// <summary>Writes the rows to <paramref name="writer"/> in the Criteo Kaggle layout (see <see cref="WriteCriteoTsv(string)"/>).</summary>
    public void WriteCriteoTsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CriteoTsvWriter.Write(_model, _options.FirstRow, _options.RowCount, writer);
    }

    private long GlobalRow(long row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
        return _options.FirstRow + row;
    }

    private CtrMetrics ComputeMetrics(long? rowCount, bool firstOrder)
    {
        long count = rowCount ?? RowCount;
        ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(rowCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, RowCount, nameof(rowCount));
        int length = CheckedLength(count);
        var labels = new float[length];
        var probabilities = new float[length];
        Fill(length, labels, probabilities, firstOrder);
        return CtrMetrics.Compute(labels, probabilities);
    }

    // Rows are independent, so blocks run in parallel and the result does not depend on scheduling.
    private void Fill(int count, float[]? labels, float[] probabilities, bool firstOrder)
    {
        int blocks = (int)((count + (long)BlockSize - 1) / BlockSize);
        Parallel.For(0, blocks, _model.CreateScratch, (block, _, scratch) =>
        {
            int end = (int)Math.Min(count, (long)(block + 1) * BlockSize);
            for (int i = block * BlockSize; i < end; i++)
            {
                long row = _options.FirstRow + i;
                var logits = _model.Generate(row, scratch);
                double p = SyntheticCtrModel.Sigmoid(logits.Logit);
                probabilities[i] = (float)(firstOrder ? SyntheticCtrModel.Sigmoid(logits.FirstOrderLogit) : p);
                if (labels is not null)
                    labels[i] = _model.Label(row, p) ? 1f : 0f;
            }
            return scratch;
        }, _ => { });
    }

    private static int CheckedLength(long count)
        => count <= Array.MaxLength
            ? (int)count
            : throw new InvalidOperationException($"{count} rows do not fit in one array; use a smaller RowCount.");
}

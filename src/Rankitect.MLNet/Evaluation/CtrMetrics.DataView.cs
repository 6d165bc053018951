using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rankitect.Evaluation;

public sealed partial record CtrMetrics
{
    /// <summary>Default name of the label column read by <see cref="Compute(IDataView, string, string)"/>: "Label".</summary>
    public const string DefaultLabelColumnName = "Label";

    /// <summary>Default name of the probability column read by <see cref="Compute(IDataView, string, string)"/>: "Probability".</summary>
    public const string DefaultProbabilityColumnName = "Probability";

    /// <summary>
    /// Reads a label and a probability column from <paramref name="data"/> (typically the output of a fitted
    /// model's <c>Transform</c>) and computes the metrics with
    /// <see cref="Compute(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.
    /// </summary>
    /// <param name="data">The scored data. It is read once, in one cursor.</param>
    /// <param name="labelColumnName">Label column: <see cref="BooleanDataViewType"/>, or <see cref="NumberDataViewType.Single"/>
    /// holding 0 or 1. Default "Label".</param>
    /// <param name="probabilityColumnName">Probability column: <see cref="NumberDataViewType.Single"/> in [0, 1].
    /// Default "Probability".</param>
    /// <exception cref="ArgumentException">
    /// A column is missing or has the wrong type (the message names it), or a row holds an invalid label or probability
    /// (the message names the column and the row's position).
    /// </exception>
    public static CtrMetrics Compute(
        IDataView data,
        string labelColumnName = DefaultLabelColumnName,
        string probabilityColumnName = DefaultProbabilityColumnName)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(labelColumnName);
        ArgumentNullException.ThrowIfNull(probabilityColumnName);

        var label = FindColumn(data.Schema, labelColumnName, nameof(labelColumnName));
        bool booleanLabel = label.Type is BooleanDataViewType;
        if (!booleanLabel && !label.Type.Equals(NumberDataViewType.Single))
            throw new ArgumentException(
                $"Label column '{labelColumnName}' has type {label.Type}; expected Boolean or Single (0/1).", nameof(labelColumnName));

        var probability = FindColumn(data.Schema, probabilityColumnName, nameof(probabilityColumnName));
        if (!probability.Type.Equals(NumberDataViewType.Single))
            throw new ArgumentException(
                $"Probability column '{probabilityColumnName}' has type {probability.Type}; expected Single.", nameof(probabilityColumnName));

        long? knownCount = data.GetRowCount();
        int capacity = knownCount > 0 && knownCount <= Array.MaxLength ? (int)knownCount.Value : 1024;
        var labels = new float[capacity];
        var probabilities = new float[capacity];
        int count = 0;

        using (var cursor = data.GetRowCursor(new[] { label, probability }))
        {
            ValueGetter<float> getLabel;
            if (booleanLabel)
            {
                var getBoolean = cursor.GetGetter<bool>(label);
                bool value = false;
                getLabel = (ref float result) =>
                {
                    getBoolean(ref value);
                    result = value ? 1f : 0f;
                };
            }
            else
            {
                getLabel = cursor.GetGetter<float>(label);
            }
            var getProbability = cursor.GetGetter<float>(probability);

            while (cursor.MoveNext())
            {
                if (count == labels.Length)
                {
                    int grown = (int)Math.Min((long)labels.Length * 2, Array.MaxLength);
                    if (grown == labels.Length)
                        throw new InvalidOperationException($"More than {Array.MaxLength} rows; evaluate a sample instead.");
                    Array.Resize(ref labels, grown);
                    Array.Resize(ref probabilities, grown);
                }
                getLabel(ref labels[count]);
                getProbability(ref probabilities[count]);
                count++;
            }
        }

        // Naming the columns makes a bad row traceable to the data view rather than to internal arrays.
        return Compute(labels.AsSpan(0, count), probabilities.AsSpan(0, count), labelColumnName, probabilityColumnName, dataView: true);
    }

    private static DataViewSchema.Column FindColumn(DataViewSchema schema, string name, string parameterName)
    {
        var column = schema.GetColumnOrNull(name);
        if (column is null)
        {
            var available = string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'"));
            throw new ArgumentException($"Column '{name}' is not in the data view; it has {available}.", parameterName);
        }
        return column.Value;
    }
}

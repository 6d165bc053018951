using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rankitect.Tests.Data.Synthetic;

/// <summary>One row read from a data view: label, dense values (NaN = missing), categorical text ("" = missing).</summary>
internal sealed record SyntheticRow(bool Label, float[] Dense, string[] Categorical, float TrueProbability)
{
    public bool SameCells(SyntheticRow other)
        => Label == other.Label
            && Dense.AsSpan().SequenceEqual(other.Dense) // float.Equals treats NaN as equal to NaN
            && Categorical.AsSpan().SequenceEqual(other.Categorical);
}

internal static class SyntheticRows
{
    /// <summary>Reads the rows of a synthetic data view with every column active.</summary>
    public static List<SyntheticRow> Read(IDataView data, int max = int.MaxValue)
    {
        var schema = data.Schema;
        var dense = schema.Where(c => c.Name.StartsWith('I') && c.Type == NumberDataViewType.Single).ToArray();
        var categorical = schema.Where(c => c.Type is TextDataViewType).ToArray();
        var truth = schema.GetColumnOrNull("TrueProbability");

        var rows = new List<SyntheticRow>();
        using var cursor = data.GetRowCursor(schema);
        var label = cursor.GetGetter<bool>(schema["Label"]);
        var denseGetters = dense.Select(cursor.GetGetter<float>).ToArray();
        var textGetters = categorical.Select(cursor.GetGetter<ReadOnlyMemory<char>>).ToArray();
        var truthGetter = truth is null ? null : cursor.GetGetter<float>(truth.Value);
        while (rows.Count < max && cursor.MoveNext())
        {
            bool y = false;
            label(ref y);
            var x = new float[dense.Length];
            for (int j = 0; j < x.Length; j++)
                denseGetters[j](ref x[j]);
            var c = new string[categorical.Length];
            ReadOnlyMemory<char> text = default;
            for (int k = 0; k < c.Length; k++)
            {
                textGetters[k](ref text);
                c[k] = text.ToString();
            }
            float p = float.NaN;
            truthGetter?.Invoke(ref p);
            rows.Add(new SyntheticRow(y, x, c, p));
        }
        return rows;
    }
}

using System.Globalization;

namespace Rankitect.Data.Synthetic;

/// <summary>
/// Writes rows in the Criteo Kaggle layout: label, the integer fields, the categorical fields, TAB-separated,
/// an empty field for a missing value, no header, LF line ends.
/// </summary>
internal static class CriteoTsvWriter
{
    private const int HexLength = 8;
    private const int MaxIntegerLength = 11; // "-16777216" fits; Single holds integers exactly up to 2^24

    public static void Write(SyntheticCtrModel model, long firstRow, long rowCount, TextWriter writer)
    {
        var scratch = model.CreateScratch();
        var line = new char[2 + model.DenseCount * (1 + MaxIntegerLength) + model.CategoricalCount * (1 + HexLength) + 1];
        for (long row = firstRow; row < firstRow + rowCount; row++)
        {
            double probability = SyntheticCtrModel.Sigmoid(model.Generate(row, scratch).Logit);
            int length = 0;
            line[length++] = model.Label(row, probability) ? '1' : '0';
            foreach (float x in scratch.Dense)
            {
                line[length++] = '\t';
                if (float.IsNaN(x))
                    continue;
                ((long)x).TryFormat(line.AsSpan(length), out int written, default, CultureInfo.InvariantCulture);
                length += written;
            }
            var categories = scratch.Categories;
            for (int k = 0; k < categories.Length; k++)
            {
                line[length++] = '\t';
                if (categories[k] < 0)
                    continue;
                model.FormatCategory(k, categories[k], line.AsSpan(length, HexLength));
                length += HexLength;
            }
            line[length++] = '\n';
            writer.Write(line, 0, length);
        }
    }
}

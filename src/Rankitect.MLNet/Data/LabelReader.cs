using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rankitect.Data;

/// <summary>Reads a CTR label (Boolean, or Single/Double holding 0/1) from a cursor as 0f/1f, rejecting anything else.</summary>
internal static class LabelReader
{
    /// <summary>Returns a reader of the current row's label; its argument is the row number used in error messages.</summary>
    public static Func<long, float> Create(DataViewRowCursor cursor, DataViewSchema.Column column)
    {
        string Bad(long row, object value)
            => $"Label column '{column.Name}' holds {value} in row {row}; expected 0 or 1 (or a Boolean).";
        switch (column.Type)
        {
            case BooleanDataViewType:
            {
                var getter = cursor.GetGetter<bool>(column);
                bool b = false;
                return _ => { getter(ref b); return b ? 1f : 0f; };
            }
            case NumberDataViewType when column.Type.RawType == typeof(float):
            {
                var getter = cursor.GetGetter<float>(column);
                float v = 0;
                return row => { getter(ref v); return v is 0f or 1f ? v : throw new InvalidDataException(Bad(row, v)); };
            }
            case NumberDataViewType when column.Type.RawType == typeof(double):
            {
                var getter = cursor.GetGetter<double>(column);
                double v = 0;
                return row => { getter(ref v); return v is 0d or 1d ? (float)v : throw new InvalidDataException(Bad(row, v)); };
            }
            default:
                throw new ArgumentException(
                    $"Schema mismatch for label column '{column.Name}': expected Boolean, Single or Double holding 0/1, got {column.Type}.");
        }
    }
}

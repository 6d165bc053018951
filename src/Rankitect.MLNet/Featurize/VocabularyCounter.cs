using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Data;

namespace Rankitect.Featurize;

/// <summary>
/// Counts the values of Text columns in one cursor pass and keeps, per column, the values frequent enough to
/// earn an embedding row (or, for the count-encoded baselines, every value with its count). Lookups go by span, so a
/// value is allocated once, when first seen.
/// </summary>
internal static class VocabularyCounter
{
    /// <summary>Per column: values with count &gt;= <paramref name="minimumCount"/>, most frequent first (ties by
    /// ordinal order, so the result is deterministic), at most <paramref name="maximumSize"/> of them.
    /// Empty values are missing and never enter a vocabulary.</summary>
    public static IReadOnlyList<string>[] Count(IDataView data, IReadOnlyList<string> columns, int minimumCount, int maximumSize,
        CancellationToken cancellationToken = default)
        => Frequencies(data, columns, cancellationToken).Select(d => (IReadOnlyList<string>)d
                .Where(kv => kv.Value >= minimumCount)
                .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Take(maximumSize)
                .Select(kv => kv.Key)
                .ToList())
            .ToArray();

    /// <summary>Per column: how many rows hold each value (empty values are missing and not counted).</summary>
    public static Dictionary<string, int>[] Frequencies(IDataView data, IReadOnlyList<string> columns, CancellationToken cancellationToken = default)
    {
        var counts = columns.Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        var lookups = counts.Select(d => d.GetAlternateLookup<ReadOnlySpan<char>>()).ToArray();
        var schemaColumns = columns.Select(name => data.Schema[name]).ToArray();
        using (var cursor = data.GetRowCursor(schemaColumns))
        {
            var getters = schemaColumns.Select(c => cursor.GetGetter<ReadOnlyMemory<char>>(c)).ToArray();
            ReadOnlyMemory<char> value = default;
            while (cursor.MoveNext())
            {
                if (cursor.Position % DataSplits.CancellationCheckRows == 0)
                    cancellationToken.ThrowIfCancellationRequested();
                for (int f = 0; f < getters.Length; f++)
                {
                    getters[f](ref value);
                    var span = value.Span;
                    if (span.IsEmpty)
                        continue;
                    if (lookups[f].TryGetValue(span, out int n))
                        lookups[f][span] = n + 1;
                    else
                        counts[f].Add(span.ToString(), 1);
                }
            }
        }

        return counts;
    }
}

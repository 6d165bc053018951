using System.Text;

namespace Rankitect.Bench.Datasets;

/// <summary>Reads the plain delimited files of ../shared/data (no quoting in any of them, per their SOURCE.md).</summary>
internal static class DelimitedText
{
    /// <summary>The fields of every line of <paramref name="path"/>, after skipping <paramref name="skipLines"/> lines.
    /// Throws naming the file and line when a line has a field count other than <paramref name="fieldCount"/>.</summary>
    public static IEnumerable<string[]> Rows(string path, string separator, int fieldCount, int skipLines = 0, Encoding? encoding = null)
    {
        int number = 0;
        foreach (var line in File.ReadLines(path, encoding ?? Encoding.UTF8))
        {
            number++;
            if (number <= skipLines || line.Length == 0) continue;
            var fields = line.Split(separator);
            if (fields.Length != fieldCount)
                throw new InvalidDataException($"{path}:{number}: {fields.Length} fields, expected {fieldCount}.");
            yield return fields;
        }
    }

    /// <summary>The header fields of <paramref name="path"/>.</summary>
    public static string[] Header(string path, string separator)
        => (File.ReadLines(path).FirstOrDefault() ?? throw new InvalidDataException($"{path} is empty.")).Split(separator);

    /// <summary>The 0/1 label of a field holding 0 or 1; throws naming the file otherwise.</summary>
    public static float Binary(string value, string path)
        => value switch { "0" => 0f, "1" => 1f, _ => throw new InvalidDataException($"{path}: label '{value}' is not 0 or 1.") };
}

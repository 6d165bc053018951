namespace Rankitect.Data;

/// <summary>Checks on the column names a reader is about to put in a schema.</summary>
internal static class ColumnNaming
{
    public static string RequireName(string? name, string paramName)
        => string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("A column name must not be empty.", paramName) : name;

    public static void RequireDistinct(IReadOnlyList<string> names, string paramName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!seen.Add(name))
                throw new ArgumentException($"Column name '{name}' would occur twice; choose other names or prefixes.", paramName);
        }
    }
}

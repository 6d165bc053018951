using Microsoft.ML;
using Microsoft.ML.Data;

namespace Rankitect.Data;

/// <summary>
/// Which columns of an <see cref="IDataView"/> play which role in a CTR model. Any list left null is inferred
/// from the schema; a column named explicitly must have a type that fits its role.
/// </summary>
public sealed class CtrColumnOptions
{
    /// <summary>The label column: Boolean, or Single/Double holding 0/1. Default: null, which means the column
    /// named "Label" (case-insensitive).</summary>
    public string? LabelColumnName { get; set; }

    /// <summary>Dense feature columns: numeric scalars, known-size numeric vectors or Booleans. Default: null,
    /// which means every numeric or Boolean column not claimed by another role.</summary>
    public IReadOnlyList<string>? DenseColumnNames { get; set; }

    /// <summary>Categorical (sparse) feature columns: Text or key scalars. Default: null, which means every
    /// Text or key column not claimed by another role.</summary>
    public IReadOnlyList<string>? CategoricalColumnNames { get; set; }

    /// <summary>Columns that are never features (ids, timestamps, weights). Default: none.</summary>
    public IReadOnlyList<string>? IgnoredColumnNames { get; set; }
}

/// <summary>The resolved roles of a schema's columns.</summary>
/// <param name="LabelColumnName">The label column.</param>
/// <param name="DenseColumnNames">Dense feature columns, in schema order when inferred.</param>
/// <param name="CategoricalColumnNames">Categorical feature columns, in schema order when inferred.</param>
public sealed record CtrColumnRoles(
    string LabelColumnName,
    IReadOnlyList<string> DenseColumnNames,
    IReadOnlyList<string> CategoricalColumnNames)
{
    /// <summary>The label column name used when none is given.</summary>
    public const string DefaultLabelColumnName = "Label";

    /// <summary>Resolves roles for <paramref name="schema"/>, inferring whatever <paramref name="options"/> leaves null.</summary>
    /// <exception cref="ArgumentException">A named column is missing or has a type that does not fit its role,
    /// an inferred column has an unsupported type, or no feature column remains.</exception>
    public static CtrColumnRoles Resolve(DataViewSchema schema, CtrColumnOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        options ??= new CtrColumnOptions();

        var label = ResolveLabel(schema, options.LabelColumnName);
        CheckNoConflicts(schema, label, options);
        var claimed = new HashSet<string>(StringComparer.Ordinal) { label };
        foreach (var name in options.IgnoredColumnNames ?? Array.Empty<string>())
            claimed.Add(name);

        var dense = options.DenseColumnNames?.ToList();
        var categorical = options.CategoricalColumnNames?.ToList();
        foreach (var name in dense ?? new List<string>())
            CheckRole(schema, name, "dense", IsDenseType, "a numeric scalar, a known-size numeric vector or a Boolean");
        foreach (var name in categorical ?? new List<string>())
            CheckRole(schema, name, "categorical", IsCategoricalType, "a Text or key scalar");
        claimed.UnionWith(dense ?? new List<string>());
        claimed.UnionWith(categorical ?? new List<string>());

        var inferredDense = new List<string>();
        var inferredCategorical = new List<string>();
        foreach (var column in schema)
        {
            if (column.IsHidden || claimed.Contains(column.Name))
                continue;
            if (IsDenseType(column.Type))
            {
                if (dense is null) inferredDense.Add(column.Name);
            }
            else if (IsCategoricalType(column.Type))
            {
                if (categorical is null) inferredCategorical.Add(column.Name);
            }
            else if (dense is null || categorical is null)
            {
                throw new ArgumentException(
                    $"Column '{column.Name}' has type {column.Type}, which is neither a dense feature (numeric scalar, " +
                    "known-size numeric vector or Boolean) nor a categorical feature (Text or key scalar). " +
                    $"Add it to {nameof(CtrColumnOptions.IgnoredColumnNames)} or convert it first.", nameof(schema));
            }
        }

        var roles = new CtrColumnRoles(label, dense ?? inferredDense, categorical ?? inferredCategorical);
        if (roles.DenseColumnNames.Count == 0 && roles.CategoricalColumnNames.Count == 0)
            throw new ArgumentException("No feature column found: the data has no numeric, Boolean, Text or key column besides the label.", nameof(schema));
        return roles;
    }

    // The label as a feature leaks the answer (validation AUC 1.0 and a model that cannot score rows without labels);
    // a column in two roles, or an ignored column that does not exist, is a mistake the user wants to hear about.
    private static void CheckNoConflicts(DataViewSchema schema, string label, CtrColumnOptions options)
    {
        var roles = new (IReadOnlyList<string>? Names, string Option)[]
        {
            (options.DenseColumnNames, nameof(CtrColumnOptions.DenseColumnNames)),
            (options.CategoricalColumnNames, nameof(CtrColumnOptions.CategoricalColumnNames)),
            (options.IgnoredColumnNames, nameof(CtrColumnOptions.IgnoredColumnNames)),
        };
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (names, option) in roles)
        {
            foreach (var name in names ?? [])
            {
                if (string.Equals(name, label, StringComparison.Ordinal))
                    throw new ArgumentException(option == nameof(CtrColumnOptions.IgnoredColumnNames)
                        ? $"Column '{name}' is the label; it cannot be ignored. Remove it from {option}, or name another label column."
                        : $"Column '{name}' is the label; it cannot also be a feature (it would leak the answer). Remove it from {option}.", nameof(options));
                if (seen.TryGetValue(name, out var other))
                    throw new ArgumentException(other == option
                        ? $"Column '{name}' is listed twice in {option}."
                        : $"Column '{name}' is listed in both {other} and {option}; give each column one role.", nameof(options));
                seen[name] = option;
            }
        }
        foreach (var name in options.IgnoredColumnNames ?? [])
            if (schema.GetColumnOrNull(name) is null)
                throw new ArgumentException($"Could not find ignored column '{name}' (in {nameof(CtrColumnOptions.IgnoredColumnNames)}).", nameof(options));
    }

    /// <summary>True for the label types Rankitect accepts: Boolean, Single or Double.</summary>
    public static bool IsLabelType(DataViewType type)
        => type is BooleanDataViewType || type.Equals(NumberDataViewType.Single) || type.Equals(NumberDataViewType.Double);

    private static string ResolveLabel(DataViewSchema schema, string? name)
    {
        DataViewSchema.Column? column = name is null
            ? schema.Where(c => !c.IsHidden && string.Equals(c.Name, DefaultLabelColumnName, StringComparison.OrdinalIgnoreCase))
                .Select(c => (DataViewSchema.Column?)c).FirstOrDefault()
            : schema.GetColumnOrNull(name);
        if (column is null)
            throw new ArgumentException(name is null
                ? $"Could not find label column '{DefaultLabelColumnName}'; set {nameof(CtrColumnOptions.LabelColumnName)}."
                : $"Could not find label column '{name}' (named in {nameof(CtrColumnOptions.LabelColumnName)}).", nameof(schema));
        if (!IsLabelType(column.Value.Type))
            throw new ArgumentException(
                $"Schema mismatch for label column '{column.Value.Name}': expected Boolean, Single or Double holding 0/1, got {column.Value.Type}.",
                nameof(schema));
        return column.Value.Name;
    }

    private static void CheckRole(DataViewSchema schema, string name, string role, Func<DataViewType, bool> fits, string expected)
    {
        // Named with the option that lists it, so a user (or the CLI, by its flag) knows what to change.
        string option = role == "dense" ? nameof(CtrColumnOptions.DenseColumnNames) : nameof(CtrColumnOptions.CategoricalColumnNames);
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"Could not find {role} column '{name}' (listed in {option}).", nameof(schema));
        if (!fits(column.Type))
            throw new ArgumentException($"Schema mismatch for {role} column '{name}' (listed in {option}): expected {expected}, got {column.Type}.", nameof(schema));
    }

    internal static bool IsDenseType(DataViewType type) => type switch
    {
        BooleanDataViewType => true,
        NumberDataViewType => true,
        VectorDataViewType vector => vector.IsKnownSize && vector.ItemType is NumberDataViewType,
        _ => false,
    };

    internal static bool IsCategoricalType(DataViewType type) => type is TextDataViewType or KeyDataViewType;
}

using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rankitect.SearchSpaces.Spaces.Blocks;

namespace Rankitect;

/// <summary>
/// The settings of a fit as a flat dictionary for <see cref="Serving.RankitectModelInfo.Options"/>: each key is the
/// camel-case path of a <see cref="RankitectOptions"/> property, each value JSON (enums by name, durations in seconds).
/// </summary>
/// <remarks>
/// Nested option objects are walked by reflection rather than listed by hand, so a new or renamed option appears
/// here without an edit. What a fit does not use is left out: the options of other strategies and spaces. Callbacks,
/// data views and tokens are not settings and are left out too; <c>validationData</c>, <c>customSpace</c> and
/// <c>customStrategy</c> say only whether (or which) one was given.
/// </remarks>
internal static class EffectiveOptions
{
    private const int MaximumDepth = 4;

    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The settings <paramref name="options"/> gave a fit that used <paramref name="seed"/>.</summary>
    public static Dictionary<string, JsonElement> Create(RankitectOptions options, int seed)
    {
        var settings = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        int threads = options.Threads ?? Environment.ProcessorCount;
        Set(settings, "strategy", options.Strategy);
        Set(settings, "space", options.Space);
        Set(settings, "customSpace", options.CustomSpace is not null);
        Set(settings, "customStrategy", options.CustomStrategy?.Name);
        Set(settings, "topK", options.TopK);
        Set(settings, "retrainReference", options.RetrainReference);
        Set(settings, "ensembleSize", options.EnsembleSize);
        Set(settings, "trialParallelism", options.TrialParallelism);
        Set(settings, "deterministic", options.Deterministic);
        Set(settings, "calibrate", options.Calibrate);
        Set(settings, "maximumMemoryMB", options.MaximumMemoryMB);
        Set(settings, "trialStore", options.TrialStore?.Location);
        Set(settings, "study", options.TrialStore is null ? null : options.Study);
        Set(settings, "resume", options.TrialStore is null ? null : options.Resume);
        Set(settings, "labelColumnName", options.LabelColumnName);
        Set(settings, "denseColumnNames", options.DenseColumnNames);
        Set(settings, "categoricalColumnNames", options.CategoricalColumnNames);
        Set(settings, "ignoredColumnNames", options.IgnoredColumnNames);
        Set(settings, "flopsBudget", options.FlopsBudget);
        Set(settings, "costWeight", options.CostWeight);
        Set(settings, "neTolerance", options.NeTolerance);
        Set(settings, "searchTimeBudget", options.SearchTimeBudget);
        Set(settings, "timeBudget", options.TimeBudget);
        Set(settings, "validationData", options.ValidationData is not null);
        Set(settings, "validationFraction", options.ValidationData is null ? options.ValidationFraction : null);
        Set(settings, "seed", seed);
        Set(settings, "threads", threads);

        Walk(settings, "featurization.", options.Featurization, skip: ["Columns"], depth: 1);
        Walk(settings, "training.", options.Training.With(seed, threads), skip: [], depth: 1);
        Walk(settings, "trainingSearch.", options.TrainingSearch, skip: [], depth: 1);
        Walk(settings, "lowFidelity.", options.LowFidelity, skip: [], depth: 1);
        switch (options.CustomStrategy is null ? options.Strategy : (SearchStrategy?)null)
        {
            case SearchStrategy.Dnas:
                Walk(settings, "dnas.", options.Dnas, skip: [], depth: 1);
                break;
            case SearchStrategy.OneShot:
                Walk(settings, "oneShot.", options.OneShot, skip: [], depth: 1);
                break;
            case SearchStrategy.RegularizedEvolution or SearchStrategy.RandomSearch or SearchStrategy.Tpe:
                Walk(settings, "multiTrial.", options.MultiTrial, skip: ["Tuner"], depth: 1);
                break;
        }
        if (options.Strategy != SearchStrategy.FixedDlrm && options.CustomSpace is null)
        {
            if (options.Space == SearchSpaceKind.Dlrm)
                Walk(settings, "dlrmSpace.", options.DlrmSpace, skip: [], depth: 1);
            else
                Walk(settings, "blockSpace.", options.BlockSpace
                    ?? (options.Space == SearchSpaceKind.BlockFull ? BlockSpaceOptions.Full : BlockSpaceOptions.Small), skip: [], depth: 1);
        }
        return settings;
    }

    private static void Walk(Dictionary<string, JsonElement> settings, string prefix, object? value, IReadOnlyCollection<string> skip, int depth)
    {
        if (value is null)
            return;
        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0 || skip.Contains(property.Name))
                continue;
            string key = prefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object? item = property.GetValue(value);
            if (IsScalar(type) || IsScalarList(type))
                Set(settings, key, item);
            else if (depth < MaximumDepth && IsOptionObject(type))
                Walk(settings, key + ".", item, skip, depth + 1);
        }
    }

    private static void Set(Dictionary<string, JsonElement> settings, string key, object? value)
        => settings[key] = JsonSerializer.SerializeToElement(Plain(value), Json);

    // Enums by name and durations in seconds, so the JSON reads without Rankitect's types.
    private static object? Plain(object? value) => value switch
    {
        null => null,
        Enum e => e.ToString(),
        TimeSpan t => t.TotalSeconds,
        string s => s,
        IEnumerable list => list.Cast<object?>().Select(Plain).ToArray(),
        _ => value,
    };

    private static bool IsScalar(Type type)
        => type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan);

    private static bool IsScalarList(Type type)
        => type != typeof(string) && type.GetInterfaces().Append(type).Any(i => i.IsGenericType
            && i.GetGenericTypeDefinition() == typeof(IEnumerable<>) && IsScalar(Nullable.GetUnderlyingType(i.GetGenericArguments()[0]) ?? i.GetGenericArguments()[0]));

    // Rankitect's own option classes hold settings; anything else (delegates, data views, tokens) does not.
    private static bool IsOptionObject(Type type)
        => type.IsClass && !typeof(Delegate).IsAssignableFrom(type) && type.Namespace?.StartsWith("Rankitect", StringComparison.Ordinal) == true;
}

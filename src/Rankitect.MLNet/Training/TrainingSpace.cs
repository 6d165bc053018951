using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rankitect.SearchSpaces.Abstractions;

namespace Rankitect.Training;

/// <summary>
/// The training hyperparameters as a search space: one <see cref="SearchChoice"/> per recipe setting the user left
/// unset (<see cref="TrainingSearchOptions"/> gives the candidates), so the same tuners and encodings as the
/// architecture spaces apply. A point is one candidate index per choice; <see cref="Recipe"/> turns it into values.
/// </summary>
public sealed class TrainingSpace
{
    private readonly CtrTrainingOptions _defaults;
    private readonly SearchChoice<OptimizerKind>? _optimizer;
    private readonly SearchChoice<double>? _learningRate;
    private readonly SearchChoice<double>? _embeddingLearningRate;
    private readonly SearchChoice<double>? _weightDecay;
    private readonly SearchChoice<double>? _embeddingL2;
    private readonly SearchChoice<int>? _batchSize;
    private readonly SearchChoice<double>? _dropout;

    /// <summary>Creates the space of <paramref name="search"/>'s candidates around <paramref name="defaults"/>; the
    /// settings set in <paramref name="defaults"/> are fixed.</summary>
    public TrainingSpace(TrainingSearchOptions search, CtrTrainingOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(search);
        _defaults = defaults ?? throw new ArgumentNullException(nameof(defaults));
        search.Validate();
        var choices = new List<SearchChoice>();
        T? Add<T>(TrainingSetting setting, T choice) where T : SearchChoice
        {
            if (defaults.IsSet(setting))
                return null;
            choices.Add(choice);
            return choice;
        }
        _optimizer = Add(TrainingSetting.Optimizer, new SearchChoice<OptimizerKind>("optimizer", search.Optimizers.Distinct()));
        _learningRate = Add(TrainingSetting.LearningRate, new SearchChoice<double>("learning_rate_scale", search.LearningRateScales.Distinct(), Number));
        _embeddingLearningRate = Add(TrainingSetting.EmbeddingLearningRate,
            new SearchChoice<double>("embedding_learning_rate_scale", search.EmbeddingLearningRateScales.Distinct(), Number));
        _weightDecay = Add(TrainingSetting.WeightDecay, new SearchChoice<double>("weight_decay", search.WeightDecays.Distinct(), Number));
        _embeddingL2 = Add(TrainingSetting.EmbeddingL2, new SearchChoice<double>("embedding_l2", search.EmbeddingL2s.Distinct(), Number));
        _batchSize = Add(TrainingSetting.BatchSize, new SearchChoice<int>("batch_size", search.BatchSizes.Distinct()));
        _dropout = Add(TrainingSetting.Dropout, new SearchChoice<double>("dropout", search.Dropouts.Distinct(), Number));
        Choices = choices;
    }

    /// <summary>The searched settings, in encoding order (empty when every setting is fixed).</summary>
    public IReadOnlyList<SearchChoice> Choices { get; }

    /// <summary>The recipe of the training options themselves (what trials without a recipe train with).</summary>
    public TrainingRecipe Default => TrainingRecipe.Of(_defaults);

    /// <summary>A uniformly random point (one index per choice).</summary>
    public int[] Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Choices.Select(c => random.Next(c.Count)).ToArray();
    }

    /// <summary>The recipe at <paramref name="indices"/>: searched settings from the candidates, fixed ones from the
    /// training options.</summary>
    public TrainingRecipe Recipe(IReadOnlyList<int> indices)
    {
        ThrowIfInvalid(indices);
        T Pick<T>(SearchChoice<T>? choice, T fallback) where T : notnull
            => choice is null ? fallback : choice.Candidates[indices[IndexOfChoice(choice)]];
        var optimizer = Pick(_optimizer, _defaults.Optimizer);
        double learningRate = _learningRate is null
            ? _defaults.LearningRate ?? CtrTrainingOptions.DefaultLearningRate(optimizer)
            : CtrTrainingOptions.DefaultLearningRate(optimizer) * Pick(_learningRate, 1.0);
        double embeddingLearningRate = _embeddingLearningRate is null
            ? _defaults.EmbeddingLearningRate ?? learningRate
            : learningRate * Pick(_embeddingLearningRate, 1.0);
        return new TrainingRecipe(optimizer, learningRate, embeddingLearningRate, Pick(_weightDecay, _defaults.WeightDecay),
            Pick(_embeddingL2, _defaults.EmbeddingL2), Pick(_batchSize, _defaults.BatchSize), Pick(_dropout, _defaults.Dropout));
    }

    /// <summary>The point as JSON (choice name → candidate label); <see cref="FromJson"/> gives back the indices.</summary>
    public string ToJson(IReadOnlyList<int> indices)
    {
        ThrowIfInvalid(indices);
        var json = new JsonObject();
        for (int c = 0; c < Choices.Count; c++)
            json[Choices[c].Name] = Choices[c].Label(indices[c]);
        return json.ToJsonString();
    }

    /// <summary>The indices of a point written by <see cref="ToJson"/>.</summary>
    /// <exception cref="ArgumentException">The JSON is malformed or names a setting or value this space does not have.</exception>
    public int[] FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject values;
        try
        {
            values = JsonNode.Parse(json) as JsonObject ?? throw new ArgumentException("A training recipe must be a JSON object.", nameof(json));
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Not a training recipe: {e.Message}", nameof(json), e);
        }
        foreach (var (name, _) in values)
            if (Choices.All(c => c.Name != name))
                throw new ArgumentException($"The training recipe names '{name}', which this space does not search " +
                    $"(it searches: {string.Join(", ", Choices.Select(c => c.Name))}).", nameof(json));
        var indices = new int[Choices.Count];
        for (int c = 0; c < Choices.Count; c++)
        {
            var choice = Choices[c];
            string label = values[choice.Name]?.GetValue<string>()
                ?? throw new ArgumentException($"The training recipe has no value for '{choice.Name}'.", nameof(json));
            indices[c] = Enumerable.Range(0, choice.Count).FirstOrDefault(i => choice.Label(i) == label, -1);
            if (indices[c] < 0)
                throw new ArgumentException($"'{label}' is not a candidate of '{choice.Name}' (candidates: " +
                    $"{string.Join(", ", Enumerable.Range(0, choice.Count).Select(choice.Label))}).", nameof(json));
        }
        return indices;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join("; ", Choices);

    private int IndexOfChoice(SearchChoice choice)
    {
        for (int c = 0; c < Choices.Count; c++)
            if (ReferenceEquals(Choices[c], choice))
                return c;
        throw new InvalidOperationException($"Choice {choice.Name} is not part of this space.");
    }

    private void ThrowIfInvalid(IReadOnlyList<int> indices)
    {
        var errors = ArchitectureSpaceExtensions.CheckRanges(Choices, indices);
        if (errors.Count > 0)
            throw new ArgumentException("Not a point of the training space: " + string.Join(" ", errors), nameof(indices));
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Rankitect.Data;
using Rankitect.SearchSpaces.Abstractions;

namespace Rankitect.Experiment.Store;

/// <summary>What a resumed run must share with the run it continues, part by part: the featurized data (schema, row
/// counts, label sums and a hash of up to 1,000 evenly spaced rows of each split), the space, the strategy and its
/// options (built-in strategies; a custom one by its type), the objective, the training options, the training and fidelity searches, the calibration, the seed and the thread settings.</summary>
internal static class StudyFingerprint
{
    public static StudyDescription Describe(string study, CtrDataset train, CtrDataset validation, IArchitectureSpace space,
        ISearchStrategy strategy, SearchObjective objective, object training, object trainingSearch, object lowFidelity, int seed,
        int threads, int parallelism, bool deterministic, bool calibrate) => new(study, new Dictionary<string, string>
    {
        ["data.schema"] = train.Schema.ToString(),
        ["data.train"] = Of(train),
        ["data.validation"] = Of(validation),
        ["space"] = $"{space.Name}: {string.Join("; ", space.Choices)}",
        ["strategy"] = strategy.Name,
        ["strategyOptions"] = strategy switch
        {
            Strategies.Dnas.DnasStrategy dnas => JsonSerializer.Serialize(dnas.Options),
            Strategies.MultiTrial.MultiTrialStrategy multiTrial => JsonSerializer.Serialize(multiTrial.Options),
            Strategies.OneShot.OneShotStrategy oneShot => JsonSerializer.Serialize(oneShot.Options),
            _ => strategy.GetType().FullName ?? strategy.Name, // a custom strategy's options are its own
        },
        ["objective"] = $"cost weight {objective.CostWeight:R}, FLOPs budget {objective.FlopsBudget?.ToString() ?? "none"}",
        ["training"] = JsonSerializer.Serialize(training),
        ["trainingSearch"] = JsonSerializer.Serialize(trainingSearch),
        ["lowFidelity"] = JsonSerializer.Serialize(lowFidelity),
        ["calibration"] = calibrate ? "Platt scaling on the validation rows" : "none",
        ["seed"] = seed.ToString(),
        ["threads"] = $"{threads} threads, {parallelism} trials at once, deterministic {deterministic}",
    });

    private static string Of(CtrDataset data)
    {
        var dense = new float[data.Schema.DenseWidth];
        var ids = new long[data.Schema.FieldCount];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        double labels = 0;
        for (int row = 0; row < data.Count; row++)
            labels += data.Label(row);
        int step = Math.Max(1, data.Count / 1000);
        for (int row = 0; row < data.Count; row += step)
        {
            data.CopyRow(row, dense, ids);
            hash.AppendData(BitConverter.GetBytes(data.Label(row)));
            foreach (var value in dense) hash.AppendData(BitConverter.GetBytes(value));
            foreach (var id in ids) hash.AppendData(BitConverter.GetBytes(id));
        }
        return $"{data.Count} rows, {labels:R} positive, rows hash {Convert.ToHexString(hash.GetHashAndReset())[..16]}";
    }
}

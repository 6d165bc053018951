using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.ML;
using Rankitect.Bench.Datasets;
using Rankitect.Data;
using Rankitect.Evaluation;
using Rankitect.Featurize;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Spaces.Blocks;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Training;

namespace Rankitect.Bench.Suites;

/// <summary>
/// How well cheap trainings rank architectures: per data set and space, N distinct random architectures are trained at
/// full fidelity (every training row, the default training options with early stopping) and at each cheap fidelity
/// (a stratified row fraction for a few epochs) with other training seeds; the Kendall tau-b between each cheap
/// fidelity's validation NE and the full one says whether a multi-fidelity search can trust it, next to the tau of full
/// fidelity with other seeds (the ceiling). One row per (data set, space, fidelity, seed).
/// </summary>
public static class FidelitySuite
{
    /// <summary>The cheap fidelities compared: (share of the training rows, most epochs).</summary>
    public static readonly (double Rows, int Epochs)[] Fidelities = [(0.1, 1), (0.3, 1), (1.0, 1), (0.3, 3), (1.0, 2), (1.0, 3)];

    public static BenchReport Run(long rows, string? dataFolder, IReadOnlyCollection<string>? only, bool synthetic,
        IReadOnlyList<SearchSpaceKind> spaces, int architectures, int seeds, int threads)
    {
        var report = new BenchReport
        {
            Suite = "fidelity",
            Config =
            {
                ["rows"] = rows, ["data"] = dataFolder, ["architectures"] = architectures, ["seeds"] = seeds, ["threads"] = threads,
                ["spaces"] = spaces.Select(s => s.ToString()).ToArray(), ["split"] = "stratified 80/10/10 per seed (test rows unused)",
                ["fidelities"] = Fidelities.Select(Name).ToArray(), ["full"] = "every training row, default CtrTrainingOptions",
            },
        };
        var entries = SharedDataCatalog.Select(synthetic ? [SyntheticDataset.Entry(rows)] : [], dataFolder, only);
        foreach (var dataset in SharedDataCatalog.Load(entries, rows, report))
            for (int seed = 1; seed <= seeds; seed++)
                foreach (var space in spaces)
                    report.Results.AddRange(Measure(dataset, space, architectures, seed, threads));
        return report;
    }

    private static string Name((double Rows, int Epochs) f) => $"rows{f.Rows:0.##}_epochs{f.Epochs}";

    private static IEnumerable<BenchResult> Measure(BenchDataset dataset, SearchSpaceKind kind, int count, int seed, int threads)
    {
        var ml = new MLContext(seed);
        var split = DataSplits.StratifiedSplit(dataset.Data, CtrTable.LabelColumnName, validationFraction: 0.1, testFraction: 0.1, seed);
        var columns = new CtrColumnOptions
        {
            LabelColumnName = CtrTable.LabelColumnName,
            IgnoredColumnNames = dataset.TrueProbabilityColumn is { } truth ? [truth] : [],
        };
        var data = PreparedCtrData.Prepare(ml, split.Train, split.Validation, options: new CtrFeaturizerOptions { Columns = columns });
        var shape = new CtrFeatureShape(data.Schema.DenseWidth, data.Schema.Cardinalities);
        IArchitectureSpace space = kind switch
        {
            SearchSpaceKind.BlockSmall => new BlockSpace(shape, BlockSpaceOptions.Small),
            SearchSpaceKind.BlockFull => new BlockSpace(shape, BlockSpaceOptions.Full),
            _ => new DlrmSpace(shape),
        };
        var random = new Random(seed);
        var seen = new HashSet<string>();
        var sampled = new List<int[]>();
        for (int attempt = 0; sampled.Count < count && attempt < 100 * count; attempt++)
        {
            var indices = space.Sample(random);
            if (seen.Add(string.Join(",", indices)))
                sampled.Add(indices);
        }

        double[] Train(CtrDataset rows, int? maxEpochs, out double seconds, int seedOffset = 0)
        {
            var results = new double[sampled.Count];
            var clock = Stopwatch.StartNew();
            Parallel.For(0, sampled.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
            {
                var options = new CtrTrainingOptions { Seed = seed * 1000 + i + seedOffset, Threads = 1 };
                if (maxEpochs is { } e)
                    options.MaxEpochs = Math.Min(options.MaxEpochs, e);
                var trainer = new CtrTrainer(options);
                using var model = trainer.CreateModel(() => space.Build(sampled[i]));
                results[i] = trainer.Train(model, rows, data.Validation).BestValidation.NormalizedEntropy;
            });
            seconds = clock.Elapsed.TotalSeconds;
            return results;
        }

        var full = Train(data.Train, null, out double fullSeconds);
        Console.WriteLine($"  {kind} seed {seed}: full fidelity, {sampled.Count} architectures, validation NE " +
            $"{full.Min():F4}-{full.Max():F4}, {fullSeconds:F0} s");
        yield return new BenchResult
        {
            Dataset = dataset.Name, Model = $"{kind}_full", Seed = seed, Rows = data.Train.Count, Trials = sampled.Count,
            Ne = full.Average(), TrainSeconds = fullSeconds / sampled.Count,
        };
        // The ceiling: full fidelity again with other training seeds ranks the architectures only this well.
        var again = Train(data.Train, null, out double againSeconds, seedOffset: 500);
        double ceiling = KendallTau.TauB(again, full);
        Console.WriteLine($"  {kind} seed {seed}: full fidelity with other training seeds: Kendall tau {ceiling:F3}");
        yield return new BenchResult
        {
            Dataset = dataset.Name, Model = $"{kind}_full_reseeded", Seed = seed, Rows = data.Train.Count, Trials = sampled.Count,
            KendallTau = ceiling, Ne = again.Average(), TrainSeconds = againSeconds / sampled.Count, Ratio = againSeconds / fullSeconds,
        };
        foreach (var fidelity in Fidelities)
        {
            var rows = fidelity.Rows >= 1 ? data.Train : data.Train.Subsample(fidelity.Rows, seed);
            // Other seeds than the full trainings': sharing one would share the first epochs' trajectory, and a trial and
            // its retraining never share a seed in a search.
            var cheap = Train(rows, fidelity.Epochs, out double seconds, seedOffset: 200);
            var finite = Enumerable.Range(0, cheap.Length).Where(i => double.IsFinite(cheap[i]) && double.IsFinite(full[i])).ToList();
            double tau = KendallTau.TauB(finite.Select(i => cheap[i]).ToList(), finite.Select(i => full[i]).ToList());
            Console.WriteLine($"  {kind} seed {seed}: {Name(fidelity)}: Kendall tau {tau:F3}, {seconds / sampled.Count:F2} s per architecture " +
                $"({seconds / fullSeconds:P0} of full)");
            yield return new BenchResult
            {
                Dataset = dataset.Name, Model = $"{kind}_{Name(fidelity)}", Seed = seed, Rows = rows.Count, Trials = finite.Count,
                KendallTau = tau, Ne = cheap.Average(), TrainSeconds = seconds / sampled.Count, Ratio = seconds / fullSeconds,
            };
        }
    }
}

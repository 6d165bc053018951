using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;
using Rankitect.Data;
using Rankitect.Evaluation;

namespace Rankitect.Baselines;

/// <summary>What a LightGBM tuning returns: the chosen model and every trial.</summary>
/// <param name="Model">The featurization and trained LightGBM of the trial with the lowest validation NE.</param>
/// <param name="Trials">Every trial, in the order run (the first is the default row's settings).</param>
/// <param name="Best">Index of the chosen trial in <paramref name="Trials"/>.</param>
/// <param name="Seconds">Wall seconds of the whole tuning.</param>
internal sealed record LightGbmTuningResult(TransformerChain<ITransformer> Model, IReadOnlyList<LightGbmTrial> Trials, int Best, double Seconds);

/// <summary>
/// Random search for the tuned LightGBM baseline (<see cref="LightGbmTuningOptions"/>). It sees the training and the
/// validation rows only: each trial is fitted on the training rows, early-stopped on the validation rows' log loss
/// (LightGBM keeps its best round), scored on the validation rows by <see cref="CtrMetrics"/>, and the lowest
/// validation NE wins (the earlier trial on a tie). The proposals come from a generator seeded once, so they do not
/// depend on any result, and the choice depends on the validation rows alone.
/// </summary>
internal sealed class LightGbmTuner
{
    private readonly MLContext _ml;
    private readonly CtrColumnRoles _roles;
    private readonly BaselineOptions _options;
    private readonly int _seed;
    private readonly int? _threads;

    public LightGbmTuner(MLContext mlContext, CtrColumnRoles roles, BaselineOptions options, int seed, int? threads)
    {
        _ml = mlContext ?? throw new ArgumentNullException(nameof(mlContext));
        _roles = roles ?? throw new ArgumentNullException(nameof(roles));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        var errors = options.LightGbmTuning.Check();
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        _seed = seed;
        _threads = threads;
    }

    /// <summary>Runs trials until <paramref name="budget"/> is spent (the first trial always runs) or
    /// <see cref="LightGbmTuningOptions.MaximumTrials"/> have run.</summary>
    public LightGbmTuningResult Tune(IDataView train, IDataView validation, TimeSpan budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        var tuning = _options.LightGbmTuning;
        var clock = Stopwatch.StartNew();
        var encodings = Encodings(train.Schema);
        var random = new Random(_seed);
        var featurized = new Dictionary<BaselineCategoricalEncoding, (ITransformer Featurizer, IDataView Train, IDataView Validation)>();
        var trials = new List<LightGbmTrial>();
        TransformerChain<ITransformer>? bestModel = null;
        int best = -1;
        while (trials.Count < tuning.MaximumTrials && (trials.Count == 0 || clock.Elapsed < budget))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var trialClock = Stopwatch.StartNew();
            var settings = trials.Count == 0 ? LightGbmSettings.Default(_options) : Sample(random, encodings);
            if (!featurized.TryGetValue(settings.Encoding, out var data))
            {
                var featurizer = BaselinePipelines.Featurizer(_ml, _roles, _options, BaselineDenseHandling.Raw, settings.Encoding).Fit(train);
                data = featurized[settings.Encoding] = (featurizer, _ml.Data.Cache(featurizer.Transform(train)), _ml.Data.Cache(featurizer.Transform(validation)));
            }
            var trained = Trainer(settings).Fit(data.Train, data.Validation);
            var metrics = CtrMetrics.Compute(trained.Transform(data.Validation), BaselinePipelines.LabelColumnName, "Probability");
            trials.Add(new LightGbmTrial(settings, metrics, TrainedModels.Trees(trained) ?? 0, trialClock.Elapsed.TotalSeconds));
            if (best < 0 || metrics.NormalizedEntropy < trials[best].Validation.NormalizedEntropy)
            {
                best = trials.Count - 1;
                bestModel = new TransformerChain<ITransformer>(data.Featurizer, trained);
            }
        }
        return new LightGbmTuningResult(bestModel!, trials, best, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The trainer of one trial.</summary>
    public LightGbmBinaryTrainer Trainer(LightGbmSettings settings) => _ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
    {
        LabelColumnName = BaselinePipelines.LabelColumnName, FeatureColumnName = BaselinePipelines.FeatureColumnName,
        NumberOfIterations = _options.LightGbmTuning.MaximumRounds, EarlyStoppingRound = _options.LightGbmTuning.EarlyStoppingRounds,
        NumberOfLeaves = settings.NumberOfLeaves, LearningRate = settings.LearningRate,
        MinimumExampleCountPerLeaf = settings.MinimumExampleCountPerLeaf,
        // One-hot over the vocabulary is there for LightGBM's categorical splits; hashed one-hot keeps ML.NET's rule.
        UseCategoricalSplit = settings.Encoding == BaselineCategoricalEncoding.OneHot ? true : null,
        Booster = new GradientBooster.Options { FeatureFraction = settings.FeatureFraction, L2Regularization = settings.L2Regularization },
        Seed = _seed, NumberOfThreads = _threads, Verbose = false, Silent = true,
    });

    // The encodings that apply: count encoding needs Text columns; without categorical columns there is nothing to encode.
    private IReadOnlyList<BaselineCategoricalEncoding> Encodings(DataViewSchema schema)
    {
        if (_roles.CategoricalColumnNames.Count == 0)
            return [BaselineCategoricalEncoding.HashedOneHot];
        bool allText = _roles.CategoricalColumnNames.All(name => schema[name].Type is TextDataViewType);
        var applicable = _options.LightGbmTuning.Encodings.Distinct()
            .Where(e => e != BaselineCategoricalEncoding.Count || allText).ToList();
        return applicable.Count > 0 ? applicable : [BaselineCategoricalEncoding.HashedOneHot];
    }

    private LightGbmSettings Sample(Random random, IReadOnlyList<BaselineCategoricalEncoding> encodings)
    {
        var t = _options.LightGbmTuning;
        // Every draw in a fixed order, so trial i's settings depend on the seed and i only.
        var encoding = encodings[random.Next(encodings.Count)];
        int leaves = t.NumberOfLeaves.SampleInteger(random);
        double learningRate = t.LearningRate.Sample(random);
        int minimumLeaf = t.MinimumExampleCountPerLeaf.SampleInteger(random);
        double featureFraction = t.FeatureFraction.Sample(random);
        double l2 = t.L2Regularization.Sample(random);
        return new LightGbmSettings(encoding, leaves, learningRate, minimumLeaf, featureFraction, l2);
    }
}

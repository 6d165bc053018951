using Microsoft.ML;
using Rankitect.Data.Synthetic;
using Rankitect.Training;

namespace Rankitect.Tests.Reliability;

/// <summary>What the reliability cases share: small synthetic rows (Label, I1-I3 Single, C1-C3 Text), fast options, a
/// view whose rows cannot be read, and one tiny model fitted on first use.</summary>
internal static class ReliabilityData
{
    private static readonly Lazy<TinyModel> Fitted = new(Fit);

    public static SyntheticCtrOptions Options(long rows, long first = 0) => new()
    {
        Seed = 1, DenseFieldCount = 3, CategoricalFieldCount = 3, NoiseDenseFieldCount = 0, NoiseCategoricalFieldCount = 0,
        NegativeDenseFieldCount = 0, MinCardinality = 3, MaxCardinality = 10, InteractionCount = 2, RowCount = rows, FirstRow = first,
    };

    public static IDataView Rows(long count, long first = 0) => new SyntheticCtrGenerator(Options(count, first)).ToDataView();

    /// <summary>The schema of <see cref="Rows"/> without any readable row.</summary>
    public static IDataView Unreadable() => new UnreadableDataView(Rows(1).Schema);

    /// <summary>One thread (two under CPU contention are pathologically slow), one short epoch, the fixed DLRM, no
    /// training-recipe search and no extra reference training.</summary>
    public static RankitectOptions Fast(SearchStrategy strategy = SearchStrategy.FixedDlrm) => new()
    {
        Strategy = strategy, Seed = 1, Threads = 1, Training = new CtrTrainingOptions { MaxEpochs = 1, BatchSize = 256 },
        TrainingSearch = new TrainingSearchOptions { Trials = 0 }, RetrainReference = false,
    };

    /// <summary>The fixed DLRM fitted on 1,500 rows (once per test run).</summary>
    public static TinyModel Model => Fitted.Value;

    private static TinyModel Fit()
    {
        var ml = new MLContext(1);
        var train = Rows(1_500);
        var model = ml.Ranking().Rankitect(Fast()).Fit(train);
        using var zip = new MemoryStream();
        ml.Model.Save(model, train.Schema, zip);
        return new TinyModel(ml, model, train, zip.ToArray());
    }
}

/// <summary>A fitted model, the rows it was fitted on and its saved zip.</summary>
internal sealed record TinyModel(MLContext Ml, RankitectTransformer Transformer, IDataView Train, byte[] Zip)
{
    /// <summary>The zip written to <paramref name="path"/>.</summary>
    public string Save(string path)
    {
        File.WriteAllBytes(path, Zip);
        return path;
    }
}

using Microsoft.ML;
using Rankitect.Serving;

namespace Rankitect.Tests.Reliability;

/// <summary>Outcomes that are not errors but must not pass silently: a model no better than the base rate is flagged
/// wherever it is read, and a refused scoring row leaves the prediction engine usable.</summary>
public class FlaggedOutcomeTests
{
    [Fact]
    public void A_model_worse_than_the_base_rate_is_flagged_in_its_parameters_and_saved_info()
    {
        // Validation rows whose labels contradict the training rows: any network that learned anything is worse than
        // predicting the base rate on them.
        var ml = new MLContext(1);
        var train = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 800).Select(i => new Row(i, flip: false)));
        var options = ReliabilityData.Fast();
        options.ValidationData = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(i => new Row(i, flip: true)));
        var model = ml.Ranking().Rankitect(options).Fit(train);

        Assert.True(model.Model.Validation.NormalizedEntropy >= 1, $"NE {model.Model.Validation.NormalizedEntropy}");
        Assert.True(model.Model.IsWorseThanBaseRate);
        using var zip = new MemoryStream();
        ml.Model.Save(model, train.Schema, zip);
        zip.Position = 0;
        Assert.True(RankitectModelInfo.FromStream(zip).Validation.WorseThanBaseRate);
    }

    [Fact]
    public void A_refused_infinite_row_leaves_the_prediction_engine_usable()
    {
        var tiny = ReliabilityData.Model;
        var engine = tiny.Ml.Model.CreatePredictionEngine<ScoringRow, Prediction>(tiny.Transformer);
        Assert.ThrowsAny<Exception>(() => engine.Predict(new ScoringRow { I1 = float.PositiveInfinity }));
        Assert.InRange(engine.Predict(new ScoringRow { I1 = 3 }).Probability, 0f, 1f);
    }

    private sealed class Row
    {
        public Row()
        {
        }

        public Row(int i, bool flip)
        {
            C1 = "abcd"[i % 4].ToString();
            C2 = (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture);
            I1 = i % 5;
            Label = (C1 == "a") != flip;
        }

        public bool Label { get; set; }
        public float I1 { get; set; }
        public string C1 { get; set; } = "";
        public string C2 { get; set; } = "";
    }

    private sealed class ScoringRow
    {
        public float I1 { get; set; }
        public float I2 { get; set; } = 1;
        public float I3 { get; set; }
        public string C1 { get; set; } = "x";
        public string C2 { get; set; } = "";
        public string C3 { get; set; } = "y";
    }

    private sealed class Prediction
    {
        public float Probability { get; set; }
    }
}

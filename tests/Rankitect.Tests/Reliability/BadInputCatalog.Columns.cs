using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Data;
using Rankitect.Featurize;
using static Rankitect.Tests.Reliability.BadInput;

namespace Rankitect.Tests.Reliability;

// Column roles: a label leak, a column in two roles, a missing column or one of the wrong type is an error naming the
// column and the option, before any row is read.
public partial class BadInputCatalog
{
    private static Action<Rankitect.Tests.Data.Readers.ReaderTestFiles> Roles(CtrColumnOptions options)
        => _ => CtrColumnRoles.Resolve(ReliabilityData.Rows(1).Schema, options);

    private static IEnumerable<BadInput> Columns()
    {
        yield return Refused<ArgumentException>("the label in DenseColumnNames", "2",
            Roles(new() { DenseColumnNames = ["I1", "Label"] }), "'Label' is the label", "leak", "DenseColumnNames");
        yield return Refused<ArgumentException>("the label in CategoricalColumnNames", "2",
            Roles(new() { CategoricalColumnNames = ["Label"] }), "'Label' is the label", "CategoricalColumnNames");
        yield return Refused<ArgumentException>("the label in IgnoredColumnNames", "2",
            Roles(new() { IgnoredColumnNames = ["Label"] }), "'Label' is the label", "cannot be ignored", "IgnoredColumnNames");
        yield return Refused<ArgumentException>("a column both categorical and ignored", "2",
            Roles(new() { CategoricalColumnNames = ["C1"], IgnoredColumnNames = ["C1"] }), "'C1'", "CategoricalColumnNames", "IgnoredColumnNames");
        yield return Refused<ArgumentException>("a column both dense and categorical", "2",
            Roles(new() { DenseColumnNames = ["I1"], CategoricalColumnNames = ["I1"] }), "'I1' is listed in both");
        yield return Refused<ArgumentException>("a column listed twice", "2",
            Roles(new() { DenseColumnNames = ["I2", "I2"] }), "'I2' is listed twice in DenseColumnNames");
        yield return Refused<ArgumentException>("an ignored column that is not there", "2",
            Roles(new() { IgnoredColumnNames = ["Timestamp"] }), "Could not find ignored column 'Timestamp'", "IgnoredColumnNames");
        yield return Refused<ArgumentException>("the label as a feature, given to Fit (before any row is read)", "2",
            _ => new MLContext(1).Ranking().Rankitect(new RankitectOptions { DenseColumnNames = ["I1", "Label"] }).Fit(ReliabilityData.Unreadable()),
            "'Label' is the label", "DenseColumnNames");
        yield return Refused<ArgumentException>("a label column that is not there", "-",
            _ => new MLContext(1).Ranking().Rankitect(new RankitectOptions { LabelColumnName = "Click" }).Fit(ReliabilityData.Unreadable()),
            "Could not find label column 'Click'", "LabelColumnName");
        yield return Refused<ArgumentException>("no column named Label and no LabelColumnName", "-",
            _ => new CtrFeaturizer(new MLContext(1)).Fit(new MLContext(1).Data.LoadFromEnumerable(new[] { new { Click = true, Site = "a" } })),
            "Could not find label column 'Label'", "LabelColumnName");
        yield return Refused<ArgumentException>("a dense column that is not there", "-",
            _ => new MLContext(1).Ranking().Rankitect(new RankitectOptions { DenseColumnNames = ["I9"] }).Fit(ReliabilityData.Unreadable()),
            "Could not find dense column 'I9'", "DenseColumnNames");
        yield return Refused<ArgumentException>("a categorical column that is not there", "-",
            _ => new MLContext(1).Ranking().Rankitect(new RankitectOptions { CategoricalColumnNames = ["C9"] }).Fit(ReliabilityData.Unreadable()),
            "Could not find categorical column 'C9'", "CategoricalColumnNames");
        yield return Refused<ArgumentException>("a Text column named as dense", "-",
            _ => new MLContext(1).Ranking().Rankitect(new RankitectOptions { DenseColumnNames = ["C1"] }).Fit(ReliabilityData.Unreadable()),
            "Schema mismatch for dense column 'C1'", "got String");
        yield return Refused<ArgumentException>("a column of a type no role takes (DateTime)", "-",
            _ => new CtrFeaturizer(new MLContext(1)).Fit(new MLContext(1).Data.LoadFromEnumerable(new[] { new { Label = true, When = DateTime.UnixEpoch, Site = "a" } })),
            "'When'", "IgnoredColumnNames");
        yield return Refused<ArgumentException>("dense columns only (nothing to embed)", "-",
            _ => new MLContext(1).Ranking().Rankitect(new RankitectOptions { IgnoredColumnNames = ["C1", "C2", "C3"] }).Fit(ReliabilityData.Unreadable()),
            "at least one categorical column", "I1, I2, I3");
        yield return Refused<InvalidDataException>("a label of 0.5", "-", _ =>
        {
            var ml = new MLContext(1);
            var data = ml.Data.LoadFromEnumerable(new[] { new { Label = 1f, X = 1f }, new { Label = 0f, X = 2f }, new { Label = 0.5f, X = 3f } });
            var result = new CtrFeaturizer(ml).Fit(data);
            CtrDataset.Load(result.Transformer.Transform(data), result.Schema);
        }, "Label column 'Label' holds 0.5 in row 2", "expected 0 or 1");
        yield return Refused<InvalidDataException>("a label of 2 in ValidationData", "8", _ =>
        {
            var ml = new MLContext(1);
            var train = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 400).Select(i => new FloatLabelRow(i % 3 == 0 ? 1 : 0, i)));
            var validation = ml.Data.LoadFromEnumerable(Enumerable.Range(0, 50).Select(i => new FloatLabelRow(i == 7 ? 2 : i % 2, i)));
            var options = ReliabilityData.Fast();
            options.ValidationData = validation;
            ml.Ranking().Rankitect(options).Fit(train);
        }, "validation rows", "Label column 'Label' holds 2 in row 7");
    }

    private sealed class FloatLabelRow
    {
        public FloatLabelRow()
        {
        }

        public FloatLabelRow(float label, int i)
        {
            Label = label;
            I1 = i % 10;
            C1 = (i % 5).ToString(System.Globalization.CultureInfo.InvariantCulture);
            C2 = (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        public float Label { get; set; }
        public float I1 { get; set; }
        public string C1 { get; set; } = "";
        public string C2 { get; set; } = "";
    }
}

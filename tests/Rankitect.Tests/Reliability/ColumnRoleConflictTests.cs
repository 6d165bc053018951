using Microsoft.ML;
using Rankitect.Data;
using Rankitect.Data.Synthetic;

namespace Rankitect.Tests.Reliability;

/// <summary>The label as a feature, a column in two roles, or an ignored column that is not there: each a clear error
/// naming the column and the option, before any work.</summary>
public class ColumnRoleConflictTests
{
    private static readonly DataViewSchema Schema = new SyntheticCtrGenerator(new SyntheticCtrOptions
    {
        Seed = 1, DenseFieldCount = 4, CategoricalFieldCount = 4, NoiseDenseFieldCount = 1, NoiseCategoricalFieldCount = 1, NegativeDenseFieldCount = 0, RowCount = 10,
    }).ToDataView().Schema;

    private static string Error(CtrColumnOptions options)
        => Assert.Throws<ArgumentException>(() => CtrColumnRoles.Resolve(Schema, options)).Message;

    [Fact]
    public void The_label_cannot_be_a_dense_feature()
    {
        string message = Error(new CtrColumnOptions { DenseColumnNames = ["I1", "Label"] });
        Assert.Contains("'Label' is the label", message);
        Assert.Contains("DenseColumnNames", message);
    }

    [Fact]
    public void The_label_cannot_be_a_categorical_feature()
        => Assert.Contains("CategoricalColumnNames", Error(new CtrColumnOptions { CategoricalColumnNames = ["Label"] }));

    [Fact]
    public void The_label_cannot_be_ignored()
        => Assert.Contains("cannot be ignored", Error(new CtrColumnOptions { IgnoredColumnNames = ["Label"] }));

    [Fact]
    public void A_column_cannot_be_categorical_and_ignored()
    {
        string message = Error(new CtrColumnOptions { CategoricalColumnNames = ["C1"], IgnoredColumnNames = ["C1"] });
        Assert.Contains("'C1'", message);
        Assert.Contains("CategoricalColumnNames", message);
        Assert.Contains("IgnoredColumnNames", message);
    }

    [Fact]
    public void A_column_cannot_be_dense_and_categorical()
        => Assert.Contains("'I1' is listed in both", Error(new CtrColumnOptions { DenseColumnNames = ["I1"], CategoricalColumnNames = ["I1"] }));

    [Fact]
    public void A_column_listed_twice_is_named()
        => Assert.Contains("'I2' is listed twice in DenseColumnNames", Error(new CtrColumnOptions { DenseColumnNames = ["I2", "I2"] }));

    [Fact]
    public void An_ignored_column_that_does_not_exist_is_named()
        => Assert.Contains("Could not find ignored column 'Timestamp'", Error(new CtrColumnOptions { IgnoredColumnNames = ["Timestamp"] }));

    [Fact]
    public void The_estimator_refuses_the_label_as_a_feature_before_any_work()
    {
        var ml = new MLContext(1);
        var data = new SyntheticCtrGenerator(new SyntheticCtrOptions { Seed = 1, DenseFieldCount = 4, CategoricalFieldCount = 4, NoiseDenseFieldCount = 1, NoiseCategoricalFieldCount = 1, NegativeDenseFieldCount = 0, RowCount = 10 }).ToDataView();
        var error = Assert.Throws<ArgumentException>(() => ml.Ranking().Rankitect(new RankitectOptions { DenseColumnNames = ["I1", "Label"] }).Fit(data));
        Assert.Contains("'Label' is the label", error.Message);
    }
}

using Microsoft.ML;
using Rankitect.Data;
using Rankitect.Featurize;

namespace Rankitect.Training;

/// <summary>Training, validation and (optionally) test rows featurized by one featurization fitted on the
/// training rows alone, loaded into memory for the training loop.</summary>
/// <param name="Featurization">The fitted featurization (saveable ML.NET transforms) and its feature schema.</param>
/// <param name="Train">Rows the weights are fitted on.</param>
/// <param name="Validation">Rows for early stopping and model selection.</param>
/// <param name="Test">Held-out rows, when given.</param>
public sealed record PreparedCtrData(CtrFeaturization Featurization, CtrDataset Train, CtrDataset Validation, CtrDataset? Test)
{
    /// <summary>The feature schema shared by the three parts.</summary>
    public FeatureSchema Schema => Featurization.Schema;

    /// <summary>Fits the featurization on <paramref name="train"/> and loads every part.</summary>
    public static PreparedCtrData Prepare(MLContext mlContext, IDataView train, IDataView validation, IDataView? test = null,
        CtrFeaturizerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        var featurization = new CtrFeaturizer(mlContext, options).Fit(train, cancellationToken);
        CtrDataset Load(IDataView view, string part)
        {
            try
            {
                return CtrDataset.Load(featurization.Transformer.Transform(view), featurization.Schema, cancellationToken);
            }
            catch (InvalidDataException e)
            {
                // A row number alone does not say which of the views it counts in.
                throw new InvalidDataException($"In the {part} rows: {e.Message}", e);
            }
        }
        return new PreparedCtrData(featurization, Load(train, "training"), Load(validation, "validation"), test is null ? null : Load(test, "test"));
    }

    /// <summary>Splits <paramref name="data"/> by label (<see cref="DataSplits.StratifiedSplit"/>), then prepares the parts.</summary>
    public static PreparedCtrData Prepare(MLContext mlContext, IDataView data, double validationFraction, double testFraction,
        int seed, CtrFeaturizerOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new CtrFeaturizerOptions();
        var label = CtrColumnRoles.Resolve(data.Schema, options.Columns).LabelColumnName;
        var split = DataSplits.StratifiedSplit(data, label, validationFraction, testFraction, seed, cancellationToken);
        return Prepare(mlContext, split.Train, split.Validation, testFraction > 0 ? split.Test : null, options, cancellationToken);
    }
}

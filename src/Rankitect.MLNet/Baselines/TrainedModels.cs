using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers.FastTree;

namespace Rankitect.Baselines;

/// <summary>Reads what an ML.NET prediction transformer holds: its model parameters (under a calibrator, if any) and,
/// for tree ensembles (FastTree and LightGBM alike), the number of trees.</summary>
internal static class TrainedModels
{
    /// <summary>The model parameters of <paramref name="trained"/>, the calibrated model's inner model when calibrated;
    /// null when it is not a single-feature prediction transformer.</summary>
    public static object? Parameters(ITransformer trained)
    {
        object? parameters = (trained as ISingleFeaturePredictionTransformer<object>)?.Model;
        return parameters is CalibratedModelParametersBase calibrated ? calibrated.SubModel : parameters;
    }

    /// <summary>Trees of a tree-ensemble model (after early stopping), else null.</summary>
    public static int? Trees(ITransformer trained)
        => Parameters(trained) is TreeEnsembleModelParametersBasedOnRegressionTree trees ? trees.TrainedTreeEnsemble.Trees.Count : null;
}

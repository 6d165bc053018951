using System.Globalization;

namespace Rankitect.Baselines;

/// <summary>One LightGBM configuration of the tuned baseline: the featurization of the categorical columns and the five
/// searched hyperparameters (the rounds come from early stopping).</summary>
/// <param name="Encoding">Featurization of the categorical columns (the dense columns enter raw). With
/// <see cref="BaselineCategoricalEncoding.OneHot"/> LightGBM's categorical splits are on; with hashed one-hot ML.NET's
/// own rule applies (categorical splits over the hashed slots above 50,000 training rows), as in the default row.</param>
/// <param name="NumberOfLeaves">Leaves per tree.</param>
/// <param name="LearningRate">Learning rate.</param>
/// <param name="MinimumExampleCountPerLeaf">Least training rows in a leaf.</param>
/// <param name="FeatureFraction">Fraction of the features each tree may use.</param>
/// <param name="L2Regularization">L2 regularisation of the leaf values.</param>
public sealed record LightGbmSettings(BaselineCategoricalEncoding Encoding, int NumberOfLeaves, double LearningRate,
    int MinimumExampleCountPerLeaf, double FeatureFraction, double L2Regularization)
{
    /// <summary>ML.NET LightGBM's L2 regularisation when none is given: 0.01.</summary>
    public const double DefaultL2Regularization = 0.01;

    /// <summary>The default LightGBM row's settings: hashed one-hot, <paramref name="options"/>' leaves, learning rate
    /// and least rows per leaf, every feature, ML.NET's default L2 (0.01).</summary>
    /// <param name="options">The baseline options.</param>
    public static LightGbmSettings Default(BaselineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(BaselineCategoricalEncoding.HashedOneHot, options.NumberOfLeaves, options.LearningRate,
            options.MinimumExampleCountPerLeaf, 1.0, DefaultL2Regularization);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Encoding}, {NumberOfLeaves} leaves, learning rate {LearningRate:G3}, min leaf {MinimumExampleCountPerLeaf}, feature fraction {FeatureFraction:G3}, L2 {L2Regularization:G3}");
}

namespace Rankitect.Data.Synthetic;

/// <summary>The field kinds of a planted pairwise interaction.</summary>
public enum SyntheticInteractionKind
{
    /// <summary>Dot product of the latent vectors of two categorical values.</summary>
    CategoricalCategorical,

    /// <summary>A dense field's standardized log1p value times the dot product of its field vector with a categorical value's latent vector.</summary>
    DenseCategorical,

    /// <summary>Product of two dense fields' standardized log1p values, with a fixed sign.</summary>
    DenseDense,
}

/// <summary>
/// A planted pairwise interaction of the ground truth: a term of the logit that depends on two fields jointly
/// and that no sum of per-field terms can represent. A factorization machine or a DLRM dot-product interaction
/// can learn it; a logistic regression on the raw fields cannot.
/// </summary>
/// <param name="FirstColumn">Column of the first field (the dense one in a mixed pair).</param>
/// <param name="SecondColumn">Column of the second field.</param>
/// <param name="Kind">Which field kinds interact.</param>
/// <param name="Strength">Approximate standard deviation of the term in logits (negative for a dense×dense pair of negative sign).</param>
public sealed record SyntheticInteraction(
    string FirstColumn,
    string SecondColumn,
    SyntheticInteractionKind Kind,
    double Strength);

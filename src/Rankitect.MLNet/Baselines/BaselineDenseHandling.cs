namespace Rankitect.Baselines;

/// <summary>How the ML.NET baselines receive the dense (numeric) columns, each converted to Single first.</summary>
public enum BaselineDenseHandling
{
    /// <summary>As they are, missing values kept as NaN. For LightGBM, which sends NaN down a learned branch.</summary>
    Raw,

    /// <summary>Missing values replaced by 0, plus one missing-indicator slot (0/1) per dense column. For trainers that
    /// cannot take NaN: ML.NET's FastTree skips every row with a NaN feature during training.</summary>
    FillMissing,

    /// <summary><see cref="FillMissing"/>, then the filled values normalized to mean 0, variance 1 (fitted on the
    /// training rows). For linear models.</summary>
    FillMissingAndNormalize,
}

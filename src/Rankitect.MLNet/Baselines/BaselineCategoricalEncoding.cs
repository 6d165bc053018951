namespace Rankitect.Baselines;

/// <summary>How the ML.NET baselines receive the categorical columns.</summary>
public enum BaselineCategoricalEncoding
{
    /// <summary>Hashed one-hot: 2^<see cref="BaselineOptions.HashBits"/> indicator slots per column (collisions
    /// share a slot; values unseen in training still hash to a slot). What ML.NET users write first.</summary>
    HashedOneHot,

    /// <summary>One-hot over the column's values seen in the training rows (one slot per value; missing and unseen
    /// values: no slot set). LightGBM reads each column's slot range as one categorical feature when its categorical
    /// splits are on.</summary>
    OneHot,

    /// <summary>Count (frequency) encoding: one numeric slot per column holding how many training rows have the value;
    /// 0 for a missing value or one unseen in training. Text columns only.</summary>
    Count,
}

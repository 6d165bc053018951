namespace Rankitect.Bench.Scoring;

/// <summary>One synthetic Criteo-shaped input row as a plain class, for <c>PredictionEngine</c> and for holding the
/// scoring rows in memory (so row generation is not part of the measured time). Field names and types match
/// <see cref="Rankitect.Data.Synthetic.SyntheticCtrGenerator"/>'s columns (13 dense Single, 26 Text).</summary>
public sealed class CriteoRow
{
    public bool Label;
    public float I1, I2, I3, I4, I5, I6, I7, I8, I9, I10, I11, I12, I13;
    public string C1 = "", C2 = "", C3 = "", C4 = "", C5 = "", C6 = "", C7 = "", C8 = "", C9 = "", C10 = "", C11 = "", C12 = "", C13 = "",
        C14 = "", C15 = "", C16 = "", C17 = "", C18 = "", C19 = "", C20 = "", C21 = "", C22 = "", C23 = "", C24 = "", C25 = "", C26 = "";
}

/// <summary>The one output column every compared model produces.</summary>
public sealed class ScoredRow
{
    public float Probability;
}

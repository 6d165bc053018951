namespace Rankitect.Data;

/// <summary>What to do when a line has more than one feature of the same field.</summary>
public enum LibFmRepeatedFieldHandling
{
    /// <summary>The line is malformed. CTR one-hot data has one active feature per field, so a repeat usually means a wrong field mapping.</summary>
    Error = 0,

    /// <summary>Keep the field's first feature on the line and ignore the others.</summary>
    KeepFirst = 1,

    /// <summary>
    /// Categorical fields get their indices in line order joined by <see cref="LibFmOptions.JoinSeparator"/>
    /// (multi-hot data; split them again with e.g. <c>TokenizeIntoWords</c>). A numeric field cannot hold
    /// several values, so a repeat there is still malformed.
    /// </summary>
    Join = 2,
}

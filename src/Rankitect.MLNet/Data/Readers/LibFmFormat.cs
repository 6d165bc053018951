namespace Rankitect.Data;

/// <summary>The token form of a libFM / libSVM file.</summary>
public enum LibFmFormat
{
    /// <summary>Decided from the first feature token in the file: two colons mean <see cref="FieldIndexValue"/>, one means <see cref="IndexValue"/>.</summary>
    Auto = 0,

    /// <summary><c>label field:index:value ...</c> (libFFM / libFM with fields). Each field id becomes a column.</summary>
    FieldIndexValue = 1,

    /// <summary><c>label index:value ...</c> (libSVM). Fields come from a feature index file, index ranges, or token positions.</summary>
    IndexValue = 2,
}

using Rankitect.Data;

namespace Rankitect.Featurize;

/// <summary>How a categorical field's values become embedding row ids.</summary>
public enum CategoricalEncoding
{
    /// <summary>A vocabulary fitted on the training data: values seen at least
    /// <see cref="CtrFeaturizerOptions.MinimumCount"/> times get their own id, everything else (rare, unseen,
    /// missing) shares the out-of-vocabulary id 0.</summary>
    Vocabulary,

    /// <summary>ML.NET's hash of the value into 2^<see cref="CtrFeaturizerOptions.HashBits"/> rows; missing values get id 0.
    /// Nothing is stored per value, so it suits fields with huge or drifting vocabularies.</summary>
    Hashing,
}

/// <summary>Options of <see cref="CtrFeaturizer"/>.</summary>
public sealed class CtrFeaturizerOptions
{
    /// <summary>Column roles; null lists are inferred from the schema. Default: all inferred.</summary>
    public CtrColumnOptions Columns { get; set; } = new();

    /// <summary>How categorical Text columns are encoded. Key-typed columns always keep their own key ids.
    /// Default: <see cref="CategoricalEncoding.Vocabulary"/>.</summary>
    public CategoricalEncoding Encoding { get; set; } = CategoricalEncoding.Vocabulary;

    /// <summary>With <see cref="CategoricalEncoding.Vocabulary"/>: the number of training rows a value needs to get
    /// its own id. Rarer values share the out-of-vocabulary id, which therefore learns what "rare" means. Default: 2.</summary>
    public int MinimumCount { get; set; } = 2;

    /// <summary>With <see cref="CategoricalEncoding.Vocabulary"/>: the most ids one field keeps, most frequent first.
    /// Default: 1,000,000 values.</summary>
    public int MaximumVocabularySize { get; set; } = 1_000_000;

    /// <summary>With <see cref="CategoricalEncoding.Hashing"/>: bits of the hash, so a field has 2^HashBits rows
    /// plus the missing id. Range 1-24 (ids travel as exact 32-bit floats to the ONNX graph). Default: 18.</summary>
    public int HashBits { get; set; } = 18;

    /// <summary>Adds a 0/1 dense slot per dense slot telling whether the value was missing (NaN) before it
    /// was replaced by 0. Default: false.</summary>
    public bool AddMissingIndicators { get; set; }

    /// <summary>A copy with the column roles replaced.</summary>
    internal CtrFeaturizerOptions With(CtrColumnOptions columns) => new()
    {
        Columns = columns, Encoding = Encoding, MinimumCount = MinimumCount, MaximumVocabularySize = MaximumVocabularySize,
        HashBits = HashBits, AddMissingIndicators = AddMissingIndicators,
    };

    internal void Validate()
    {
        if (MinimumCount < 1)
            throw new ArgumentOutOfRangeException(nameof(MinimumCount), MinimumCount, $"MinimumCount must be at least 1; got {MinimumCount}.");
        if (MaximumVocabularySize < 1)
            throw new ArgumentOutOfRangeException(nameof(MaximumVocabularySize), MaximumVocabularySize, $"MaximumVocabularySize must be at least 1; got {MaximumVocabularySize}.");
        if (HashBits is < 1 or > 24)
            throw new ArgumentOutOfRangeException(nameof(HashBits), HashBits, $"HashBits must be between 1 and 24; got {HashBits}.");
    }
}

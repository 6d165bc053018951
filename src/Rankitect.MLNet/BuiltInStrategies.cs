using Rankitect.Experiment;
using Rankitect.Strategies;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Blocks;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Strategies.Dnas;
using Rankitect.Strategies.MultiTrial;
using Rankitect.Strategies.OneShot;
using Rankitect.Strategies.Tuning;

namespace Rankitect;

/// <summary>What the <see cref="SearchStrategy"/> and <see cref="SearchSpaceKind"/> shortcuts of
/// <see cref="RankitectOptions"/> stand for.</summary>
internal static class BuiltInStrategies
{
    public static ISearchStrategy Create(RankitectOptions options) => options.CustomStrategy ?? options.Strategy switch
    {
        SearchStrategy.OneShot => new OneShotStrategy(options.OneShot),
        SearchStrategy.RegularizedEvolution => new MultiTrialStrategy(With(options.MultiTrial, TunerKind.RegularizedEvolution)),
        SearchStrategy.RandomSearch => new MultiTrialStrategy(With(options.MultiTrial, TunerKind.RandomSearch)),
        SearchStrategy.Tpe => new MultiTrialStrategy(With(options.MultiTrial, TunerKind.Tpe)),
        SearchStrategy.FixedDlrm => FixedArchitectureStrategy.HandDesignedDlrm(),
        _ => new DnasStrategy(options.Dnas),
    };

    public static Func<CtrFeatureShape, IArchitectureSpace> Space(RankitectOptions options)
    {
        if (options.CustomSpace is { } custom)
            return shape => custom(shape) ?? throw new InvalidOperationException($"{nameof(RankitectOptions.CustomSpace)} returned null.");
        if (options.CustomStrategy is null && options.Strategy == SearchStrategy.FixedDlrm)
            return shape => new DlrmSpace(shape); // the hand-designed DLRM lives in the default DLRM space
        return options.Space switch
        {
            SearchSpaceKind.BlockSmall => shape => new BlockSpace(shape, options.BlockSpace ?? BlockSpaceOptions.Small),
            SearchSpaceKind.BlockFull => shape => new BlockSpace(shape, options.BlockSpace ?? BlockSpaceOptions.Full),
            _ => shape => new DlrmSpace(shape, options.DlrmSpace),
        };
    }

    // The tuner is what the shortcut names; the options' other knobs are the user's.
    private static MultiTrialOptions With(MultiTrialOptions options, TunerKind tuner)
        => new() { Tuner = tuner, Evolution = options.Evolution, Tpe = options.Tpe, MaxTrials = options.MaxTrials };
}

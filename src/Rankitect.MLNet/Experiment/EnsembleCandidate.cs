using System.Diagnostics;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Training;

namespace Rankitect.Experiment;

/// <summary>
/// The ensemble candidate of the post-search stage (<c>RankitectOptions.EnsembleSize</c>): the best retrained networks
/// by validation NE averaged as one <see cref="CtrEnsemble"/> (mean of their probabilities), measured on the validation
/// rows with the same metric code as every trial, its cost the sum of its members' costs. It is then recorded and picked
/// like any full-fidelity result; over the FLOPs budget it is not formed.
/// </summary>
internal static class EnsembleCandidate
{
    /// <summary>The ensemble of up to <paramref name="size"/> best completed networks of <paramref name="retrained"/>
    /// (finite validation NE; the earlier trial on ties), or null when fewer than two qualify or their FLOPs sum exceeds
    /// the budget. Its network registers the members' networks but does not own them yet: the caller either keeps it
    /// (taking the members from their outcomes) or calls <see cref="CtrEnsemble.DetachMembers"/> before disposing it.</summary>
    public static TrialOutcome? Create(SearchContext context, IReadOnlyList<TrialOutcome> retrained, int size)
    {
        var members = retrained
            .Where(o => o.Model is not null && o.Result.IsCompleted && !o.Result.IsEnsemble && double.IsFinite(o.Result.NormalizedEntropy))
            .OrderBy(o => o.Result.NormalizedEntropy).ThenBy(o => o.Result.TrialId)
            .Take(size)
            .ToList();
        if (members.Count < 2)
        {
            context.Report($"no ensemble: {members.Count} retrained network(s) finished with a finite validation NE, 2 or more are needed");
            return null;
        }
        var cost = TrialArchitecture.EnsembleCost(context.Space, members.Select(m => m.Result));
        var ids = string.Join(", ", members.Select(m => m.Result.TrialId));
        if (!context.Objective.Admits(cost.Flops))
        {
            context.Report($"no ensemble of trials {ids}: {cost.Flops:N0} FLOPs per example exceed the FLOPs budget of {context.Objective.FlopsBudget:N0}");
            return null;
        }

        var clock = Stopwatch.StartNew();
        TorchThreads.Use(context.Threads); // a continuation on a trial thread: pin the experiment's count
        var ensemble = new CtrEnsemble(members.Select(m => m.Model!).ToArray());
        var validation = CtrTrainer.Evaluate(ensemble, context.Validation);
        var trial = new Trial(context.NewTrialId(), [], TrialFidelity.Full);
        var result = TrialResult.Create(trial, context.Strategy, TrialStatus.Completed, validation, cost, context.Objective,
            clock.Elapsed.TotalSeconds) with { Members = members.Select(m => m.Result).ToArray() };
        context.Report($"ensemble of trials {ids} (mean probability): validation NE {validation.NormalizedEntropy:F4} against " +
            $"{members[0].Result.NormalizedEntropy:F4} for the best of them, {cost.Flops:N0} FLOPs per example");
        return new TrialOutcome(result, ensemble) { Validation = validation };
    }
}

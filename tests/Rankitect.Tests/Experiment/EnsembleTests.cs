using System.Text.Json;
using Microsoft.ML;
using Rankitect.Experiment;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Serving;
using Rankitect.Tests.Strategies.Tuning;
using Rankitect.Training;
using Xunit.Abstractions;

namespace Rankitect.Tests.Experiment;

/// <summary>The ensemble candidate of the post-search stage: the best retrained networks averaged, measured on the
/// validation rows, recorded and picked by the same rule as single networks, within the FLOPs budget.</summary>
[Collection(TuningCollection.Name)]
public class EnsembleTests(TuningTestData fixture, ITestOutputHelper output)
{
    // Three distinct architectures of the tiny space, proposed without a search: the stage retrains all three.
    private sealed class ThreeCandidates : ISearchStrategy
    {
        public string Name => "three";

        public double DefaultCostWeight => 0;

        public Task<SearchOutcome> SearchAsync(SearchContext context)
            => Task.FromResult(new SearchOutcome(Architectures(context.Space).Select(a => new SearchCandidate(a)).ToArray()));

        // The first architecture of the space and two neighbours of it (one choice moved to its second candidate):
        // networks of similar quality, so that averaging two of them can pay.
        public static IReadOnlyList<int[]> Architectures(IArchitectureSpace space)
        {
            var first = new int[space.Choices.Count];
            int[] Moved(int choice)
            {
                var indices = (int[])first.Clone();
                indices[choice] = 1;
                return indices;
            }
            return [first, Moved(space.Choices.Count - 1), Moved(0)];
        }
    }

    private RankitectExperiment Experiment(int ensembleSize = 2)
        => fixture.Experiment(new ThreeCandidates(), threads: 1).SetRetraining(topK: 3, retrainReference: false).SetEnsemble(ensembleSize);

    private static List<TrialResult> Singles(ExperimentResult result)
        => result.Trials.Where(t => t.Fidelity == TrialFidelity.Full && t.IsCompleted && !t.IsEnsemble).ToList();

    [Fact]
    public async Task The_best_retrained_networks_form_an_ensemble_measured_and_picked_like_any_candidate()
    {
        using var result = await Experiment().RunAsync();

        var singles = Singles(result);
        Assert.Equal(3, singles.Count);
        var ensemble = Assert.Single(result.Trials, t => t.IsEnsemble);
        output.WriteLine($"singles NE {string.Join(", ", singles.Select(s => s.NormalizedEntropy.ToString("F4")))}; ensemble NE {ensemble.NormalizedEntropy:F4}");
        Assert.Equal(singles.OrderBy(s => s.NormalizedEntropy).Take(2).Select(s => s.TrialId), ensemble.Members!.Select(m => m.TrialId));
        Assert.Empty(ensemble.Indices);
        Assert.Equal(TrialFidelity.Full, ensemble.Fidelity);
        Assert.Equal(ensemble.Members!.Sum(m => m.Flops), ensemble.Flops);
        Assert.Equal(ensemble.Members!.Sum(m => m.Parameters), ensemble.Parameters);
        // The same rule as single networks: the lowest fitness among the full-fidelity results.
        var best = result.Trials.Where(t => t.Fidelity == TrialFidelity.Full && t.IsCompleted).MinBy(t => t.Fitness)!;
        Assert.Equal(best.TrialId, result.BestTrial.TrialId);

        // On these rows averaging the two best networks measures better than either: the ensemble is returned.
        Assert.True(ensemble.NormalizedEntropy < singles.Min(s => s.NormalizedEntropy));
        Assert.True(result.IsEnsemble);
        Assert.Contains(ensemble, result.ParetoFront);
        var network = Assert.IsType<CtrEnsemble>(result.Model);
        Assert.Equal(2, network.Members.Count);
        Assert.Equal(ensemble.NormalizedEntropy, CtrTrainer.Evaluate(result.Model, fixture.Data.Validation).NormalizedEntropy, 6);
        Assert.Equal(ensemble.Flops, result.Cost.Flops);
        Assert.Equal(ensemble.Parameters, result.Model.ParameterCount);
        using var json = JsonDocument.Parse(result.ArchitectureJson);
        Assert.Equal("mean-probability", json.RootElement.GetProperty("ensemble").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("members").GetArrayLength());
        Assert.StartsWith("ensemble of 2 (mean probability): [", result.Architecture);

        // The model info says it is an ensemble and lists each member's architecture, FLOPs and recipe.
        var info = ModelInfoFactory.Create(result, new RankitectOptions { EnsembleSize = 2, TopK = 3, Training = TuningTestData.Training });
        var read = RankitectModelInfo.FromJson(info.ToJson());
        Assert.True(read.IsEnsemble);
        Assert.Equal(ensemble.Members!.Select(m => m.TrialId), read.EnsembleMembers.Select(m => m.TrialId));
        Assert.Equal(ensemble.Members!.Select(m => m.Flops), read.EnsembleMembers.Select(m => m.Flops));
        Assert.Equal(read.Flops, read.EnsembleMembers.Sum(m => m.Flops));
        Assert.All(read.EnsembleMembers, m => Assert.Equal("128", m.Hyperparameters["batchSize"]));
        Assert.All(read.EnsembleMembers, m => Assert.DoesNotContain("ensemble", m.Architecture));
        Assert.Equal(2, read.Options["ensembleSize"].GetInt32());
        Assert.Equal(ensemble.Members!.Select(m => m.TrialId), read.Trials.Single(t => t.TrialId == ensemble.TrialId).EnsembleMemberIds);
    }

    [Theory]
    [InlineData("cost weight")]
    [InlineData("NE tolerance")]
    public async Task An_ensemble_that_does_not_win_under_the_selection_rule_is_not_returned(string rule)
    {
        // A cost weight of 1 charges ln(FLOPs ratio) of NE for the ensemble's extra FLOPs; a 50% NE tolerance picks
        // the fewest FLOPs: either way a single network wins although the ensemble's NE is lower.
        var experiment = rule == "cost weight" ? Experiment().SetObjective(costWeight: 1) : Experiment().SetRetraining(topK: 3, neTolerance: 0.5, retrainReference: false);
        using var result = await experiment.RunAsync();

        var ensemble = Assert.Single(result.Trials, t => t.IsEnsemble);
        Assert.False(result.IsEnsemble);
        Assert.IsNotType<CtrEnsemble>(result.Model);
        Assert.Contains(result.BestTrial.TrialId, ensemble.Members!.Select(m => m.TrialId).Concat(Singles(result).Select(s => s.TrialId)));
        // The returned network outlived the ensemble that borrowed it.
        Assert.Equal(result.BestTrial.NormalizedEntropy, CtrTrainer.Evaluate(result.Model, fixture.Data.Validation).NormalizedEntropy, 6);
    }

    [Fact]
    public async Task An_ensemble_over_the_FLOPs_budget_is_not_formed()
    {
        var space = fixture.Space;
        long budget = ThreeCandidates.Architectures(space).Max(a => space.CostOf(a).Flops); // every network fits, no two together
        using var result = await Experiment(ensembleSize: 3).SetObjective(flopsBudget: budget).RunAsync();

        Assert.Equal(3, Singles(result).Count);
        Assert.DoesNotContain(result.Trials, t => t.IsEnsemble);
        Assert.False(result.IsEnsemble);
        Assert.InRange(result.Cost.Flops, 0, budget);
    }

    [Theory]
    [InlineData(-1, 3)]
    [InlineData(5, 3)]
    [InlineData(2, 0)]
    public void An_ensemble_size_that_cannot_be_filled_is_refused_up_front(int size, int topK)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new MLContext(1).Ranking().Rankitect(new RankitectOptions { EnsembleSize = size, TopK = topK }));
        Assert.Equal(nameof(RankitectOptions.EnsembleSize), e.ParamName);
        Assert.Contains($"got {size}", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void Sizes_that_are_off_or_can_be_filled_are_accepted(int size)
        => new MLContext(1).Ranking().Rankitect(new RankitectOptions { EnsembleSize = size, TopK = 3 });
}

using Rankitect.Experiment;
using Rankitect.Experiment.Store;
using Rankitect.Training;

namespace Rankitect.Tests.Experiment.Store;

/// <summary>What every trial store must do, run against each store on a real database (<see cref="SqliteTrialStoreTests"/>,
/// <see cref="PostgresTrialStoreTests"/>).</summary>
public abstract class TrialStoreContract
{
    /// <summary>Opens the store under test; a second call opens the same store again (what a resumed process sees).</summary>
    protected abstract ITrialStore OpenStore();

    private static StudyDescription Study(string seed = "1") => new("s", new Dictionary<string, string> { ["data"] = "abc", ["seed"] = seed });

    private static TrialResult Result(int id, TrialStatus status, double ne, TrainingRecipe? recipe = null, int rung = 0) => new(
        id, [id % 3, 1, 0], TrialFidelity.Low, status, "regularized-evolution", ne, double.NaN, 1.0 / 3, 123_456_789_012, 42, 168,
        ne + 1e-17, 0.1 + 0.2, id > 0 ? id - 1 : null, status == TrialStatus.Failed ? "boom: 'quoted' \"text\"" : null)
    { Recipe = recipe, Rung = rung };

    [Fact]
    public void Results_round_trip_bit_for_bit_with_nan_recipe_rung_and_error()
    {
        var recipe = new TrainingRecipe(OptimizerKind.Adagrad, 0.1, 0.30000000000000004, 1e-5, 1e-6, 128, 0.2);
        var written = new[]
        {
            Result(0, TrialStatus.Completed, 0.87654321987654321),
            Result(1, TrialStatus.Completed, Math.PI / 4, recipe, rung: 2),
            Result(2, TrialStatus.Failed, double.NaN),
            Result(3, TrialStatus.Cancelled, double.NaN),
        };
        using (var store = OpenStore())
        {
            store.Open(Study(), resume: false);
            foreach (var r in written)
            {
                store.TrialStarted(new Trial(r.TrialId, r.Indices, r.Fidelity, r.ParentId) { Recipe = r.Recipe, Rung = r.Rung }, r.Strategy);
                store.TrialFinished(r);
            }
            store.TrialStarted(new Trial(4, [0, 0, 0], TrialFidelity.Low), "regularized-evolution"); // killed while it trained
        }

        using var reopened = OpenStore();
        var read = reopened.Open(Study(), resume: true);
        Assert.Equal(5, read.Count);
        for (int i = 0; i < written.Length; i++)
        {
            var r = read[i].Result!;
            Assert.Equal(written[i] with { Indices = r.Indices }, r); // records compare the lists by reference
            Assert.Equal(written[i].Indices, r.Indices);
            Assert.Equal(BitConverter.DoubleToInt64Bits(written[i].NormalizedEntropy), BitConverter.DoubleToInt64Bits(r.NormalizedEntropy));
            Assert.Equal(BitConverter.DoubleToInt64Bits(written[i].Seconds), BitConverter.DoubleToInt64Bits(r.Seconds));
        }
        Assert.Equal(["COMPLETE", "COMPLETE", "FAIL", "CANCELLED", "RUNNING"], read.Select(t => t.State));
        Assert.Null(read[4].Result);
        Assert.Contains($":{Environment.ProcessId}", read[0].Worker);
    }

    [Fact]
    public void A_study_with_trials_is_not_reused_without_resume_and_a_changed_one_is_not_resumed()
    {
        using var store = OpenStore();
        store.Open(Study(), resume: false);
        store.TrialFinished(Result(0, TrialStatus.Completed, 0.9));

        var reused = Assert.Throws<StudyConflictException>(() => store.Open(Study(), resume: false));
        Assert.Contains("already holds study 's' with 1 trials", reused.Message);
        Assert.Contains("resume", reused.Message);

        var changed = Assert.Throws<StudyConflictException>(() => store.Open(Study(seed: "2"), resume: true));
        Assert.Contains("these differ: seed. ", changed.Message); // the only part that changed

        Assert.Single(store.Open(Study(), resume: true));
        Assert.Empty(store.Open(Study() with { Name = "other" }, resume: false)); // another study in the same file
    }
}

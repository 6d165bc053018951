using System.Globalization;
using Rankitect.Evaluation;
using Rankitect.Experiment;
using Rankitect.Strategies;
using Rankitect.SearchSpaces.Modules;
using Rankitect.Tests.Strategies.Tuning;
using Rankitect.Training;
using Xunit.Abstractions;

namespace Rankitect.Tests.Experiment;

/// <summary>Platt scaling of every trained network on the validation rows (<c>SetCalibration</c>, on by default). A network
/// that ranks the validation rows backwards is not flipped by it: <c>FlaggedOutcomeTests</c>.</summary>
[Collection(TuningCollection.Name)]
public class CalibrationTests(TuningTestData fixture, ITestOutputHelper output)
{
    // The space's first architecture, retrained at full fidelity by the post-search stage.
    private static FixedArchitectureStrategy First => new("first", space => new int[space.Choices.Count]);

    private async Task<ExperimentResult> Run(bool calibrate)
        => await fixture.Experiment(First, threads: 1)
            .SetRetraining(topK: 1, retrainReference: false)
            .SetCalibration(calibrate)
            .RunAsync();

    [Fact]
    public async Task A_calibrated_network_keeps_its_ranking_and_measures_no_worse_on_the_validation_rows()
    {
        using var raw = await Run(calibrate: false);
        using var calibrated = await Run(calibrate: true);

        Assert.IsNotType<CalibratedModule>(raw.Model);
        var wrapper = Assert.IsType<CalibratedModule>(calibrated.Model);
        output.WriteLine($"scale {wrapper.Scale:F4}, bias {wrapper.Bias:F4}; validation NE {raw.Validation.NormalizedEntropy:F5} -> " +
            $"{calibrated.Validation.NormalizedEntropy:F5}, calibration {raw.Validation.Calibration:F4} -> {calibrated.Validation.Calibration:F4}");
        Assert.True(wrapper.Scale > 0);
        // The same training (same seed and trial id), then the scaling: the ranking is the network's own.
        Assert.Equal(raw.Validation.Auc, calibrated.Validation.Auc, 6);
        Assert.True(calibrated.Validation.NormalizedEntropy <= raw.Validation.NormalizedEntropy + 1e-9);
        // What the result and its trial report is what the returned network scores.
        var measured = CtrTrainer.Evaluate(calibrated.Model, fixture.Data.Validation);
        Assert.Equal(measured.NormalizedEntropy, calibrated.Validation.NormalizedEntropy, 6);
        Assert.Equal(measured.NormalizedEntropy, calibrated.BestTrial.NormalizedEntropy, 6);
        // The wrapped network is the uncalibrated one: without the scaling it scores like the raw run's.
        Assert.Equal(raw.Validation.NormalizedEntropy, CtrTrainer.Evaluate(wrapper.Network, fixture.Data.Validation).NormalizedEntropy, 6);
        // The model's info records the scaling beside the recipe; without it, there is none.
        var info = ModelInfoFactory.Create(calibrated, new RankitectOptions());
        Assert.Equal(wrapper.Scale, double.Parse(info.Hyperparameters["calibrationScale"], CultureInfo.InvariantCulture));
        Assert.Equal(wrapper.Bias, double.Parse(info.Hyperparameters["calibrationBias"], CultureInfo.InvariantCulture));
        Assert.DoesNotContain("calibrationScale", ModelInfoFactory.Create(raw, new RankitectOptions()).Hyperparameters.Keys);
    }
}

using Rankitect.Experiment;
using Rankitect.Evaluation;
using Rankitect.Training;

namespace Rankitect.Tests.Strategies.Tuning;

[Collection(TuningCollection.Name)]
public class TrainingHooksTests(TuningTestData fixture)
{
    [Fact]
    public void Trainer_calls_the_hooks_before_every_step_and_validation()
    {
        var steps = new List<long>();
        int validations = 0;
        var trainer = new CtrTrainer(new CtrTrainingOptions { BatchSize = 512, MaxEpochs = 2, EvaluationsPerEpoch = 2, Threads = 1, EarlyStoppingPatience = 10 });
        using var model = trainer.CreateModel(() => fixture.Space.Build(new int[fixture.Space.Choices.Count]));
        var result = trainer.Train(model, fixture.Data.Train, fixture.Data.Validation,
            hooks: new TrainingHooks { BeforeStep = steps.Add, BeforeValidation = () => validations++ });
        Assert.Equal(Enumerable.Range(0, (int)result.Steps).Select(s => (long)s), steps);
        Assert.Equal(result.History.Count, validations);
    }
}

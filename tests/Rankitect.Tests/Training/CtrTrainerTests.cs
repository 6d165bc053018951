using Rankitect.Data;
using Rankitect.SearchSpaces.Models;
using Rankitect.SearchSpaces.Spaces.Dlrm;
using Rankitect.Tests.Spaces;
using Rankitect.Training;
using Xunit.Abstractions;

namespace Rankitect.Tests.Training;

public class CtrTrainerTests : IClassFixture<TrainingTestData>
{
    private readonly TrainingTestData _fixture;
    private readonly ITestOutputHelper _output;

    public CtrTrainerTests(TrainingTestData fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    private PreparedCtrData Data => _fixture.Data;

    private SearchedDlrm NewDlrm() => TestDlrms.Create(Data.Schema.DenseWidth, Data.Schema.Cardinalities, dim: 8, bottom: new[] { 16 }, top: new[] { 32 });

    [Fact]
    public void DlrmClearlyBeatsLogisticRegressionOnPlantedInteractions()
    {
        var trainer = new CtrTrainer(new CtrTrainingOptions { Seed = 1, MaxEpochs = 8, BatchSize = 256 });
        using var lr = trainer.CreateModel(() => new LogisticRegression(Data.Schema.DenseWidth, Data.Schema.Cardinalities));
        trainer.Train(lr, Data.Train, Data.Validation);
        using var dlrm = trainer.CreateModel(NewDlrm);
        trainer.Train(dlrm, Data.Train, Data.Validation);

        double lrNe = CtrTrainer.Evaluate(lr, Data.Test!).NormalizedEntropy;
        double dlrmNe = CtrTrainer.Evaluate(dlrm, Data.Test!).NormalizedEntropy;
        double bayes = _fixture.Test.BayesNormalizedEntropy();
        _output.WriteLine($"test NE: logistic regression {lrNe:F4}, DLRM {dlrmNe:F4}, Bayes {bayes:F4}");
        Assert.True(dlrmNe < lrNe - 0.03, $"DLRM NE {dlrmNe:F4} should be clearly below logistic regression's {lrNe:F4}.");
        Assert.True(dlrmNe > bayes, "No model beats the Bayes-optimal NE on held-out rows.");
    }

    [Fact]
    public void SameSeedGivesTheSameModel()
    {
        float[] Train()
        {
            var trainer = new CtrTrainer(new CtrTrainingOptions { Seed = 5, MaxEpochs = 2, Threads = 2 });
            using var model = trainer.CreateModel(NewDlrm);
            trainer.Train(model, Data.Train, Data.Validation);
            return CtrTrainer.Predict(model, Data.Validation);
        }
        Assert.Equal(Train(), Train());
    }

    [Fact]
    public void DropoutTrainsReproduciblyOnParallelThreadsAndLeavesScoringAlone()
    {
        float[] Train(double dropout)
        {
            var trainer = new CtrTrainer(new CtrTrainingOptions { Seed = 5, MaxEpochs = 2, Threads = 1, Dropout = dropout });
            using var model = trainer.CreateModel(NewDlrm);
            trainer.Train(model, Data.Train, Data.Validation);
            Assert.Equal(2, model.SetDropout(null)); // the trainer removed it again from both MLPs (bottom and top)
            return CtrTrainer.Predict(model, Data.Validation);
        }
        // Two trainings at once: each draws its masks from its own stream, so neither disturbs the other.
        var results = new float[2][];
        var errors = new Exception?[2];
        var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
        {
            try { results[i] = Train(0.3); }
            catch (Exception e) { errors[i] = e; } // rethrown below: an exception on a bare thread would end the test host
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        foreach (var error in errors)
            if (error is not null) throw new AggregateException(error);
        Assert.Equal(results[0], results[1]);
        Assert.NotEqual(Train(0), results[0]); // the masks did change the training
    }

    [Fact]
    public void EarlyStoppingKeepsTheBestCheckpointsWeights()
    {
        var small = Data.Train.Select(Enumerable.Range(0, 2_000).ToArray());
        var trainer = new CtrTrainer(new CtrTrainingOptions { Seed = 1, MaxEpochs = 40, EarlyStoppingPatience = 2, LearningRate = 0.01 });
        using var model = trainer.CreateModel(NewDlrm);
        var result = trainer.Train(model, small, Data.Validation);

        Assert.Equal(TrainingStopReason.EarlyStopped, result.StopReason);
        Assert.True(result.History.Count < 40);
        Assert.Equal(result.History.Min(h => h.Validation.NormalizedEntropy), result.BestValidation.NormalizedEntropy);
        Assert.Equal(result.BestValidation.NormalizedEntropy, CtrTrainer.Evaluate(model, Data.Validation).NormalizedEntropy, 6);
        Assert.True(result.BestCheckpoint < result.History.Count - 1);
    }

    [Fact]
    public void CancellationAfterACheckpointReturnsPromptlyWithTheBestWeights()
    {
        using var cts = new CancellationTokenSource();
        var trainer = new CtrTrainer(new CtrTrainingOptions { Seed = 1, MaxEpochs = 50, EvaluationsPerEpoch = 4, EarlyStoppingPatience = 50 });
        using var model = trainer.CreateModel(NewDlrm);
        var progress = new CallbackProgress(_ => cts.Cancel());
        var result = trainer.Train(model, Data.Train, Data.Validation, progress, cts.Token);

        Assert.Equal(TrainingStopReason.Cancelled, result.StopReason);
        Assert.Single(result.History);
        Assert.Equal(1, result.History[0].Epoch); // stopped inside the first epoch, not at its end
        Assert.Equal(result.BestValidation.NormalizedEntropy, CtrTrainer.Evaluate(model, Data.Validation).NormalizedEntropy, 6);
    }

    [Fact]
    public void KeepingStepsValidatesATrainingCancelledBeforeItsFirstCheckpoint()
    {
        var trainer = new CtrTrainer(new CtrTrainingOptions { Seed = 1, MaxEpochs = 5, EvaluationsPerEpoch = 1, Threads = 1 });
        TrainingHooks CancelAtThirdStep(CancellationTokenSource cts) => new() { BeforeStep = step => { if (step == 2) cts.Cancel(); } };

        using (var cts = new CancellationTokenSource())
        using (var model = trainer.CreateModel(NewDlrm))
        {
            var result = trainer.TrainKeepingSteps(model, Data.Train, Data.Validation, cts.Token, CancelAtThirdStep(cts));
            Assert.Equal(TrainingStopReason.Cancelled, result.StopReason);
            Assert.Equal(2, result.Steps); // the third step is abandoned after its forward pass (no update), the fourth not started
            Assert.Single(result.History);
            Assert.Equal(result.BestValidation.NormalizedEntropy, CtrTrainer.Evaluate(model, Data.Validation).NormalizedEntropy, 6);
        }
        using (var cts = new CancellationTokenSource())
        using (var model = trainer.CreateModel(NewDlrm))
        {
            // The public Train keeps its contract: nothing validated yet is an OperationCanceledException.
            Assert.ThrowsAny<OperationCanceledException>(() => trainer.Train(model, Data.Train, Data.Validation, cancellationToken: cts.Token, hooks: CancelAtThirdStep(cts)));
            Assert.ThrowsAny<OperationCanceledException>(() => trainer.TrainKeepingSteps(model, Data.Train, Data.Validation, new CancellationToken(canceled: true)));
        }
    }

    [Fact]
    public void CancellationBeforeAnyCheckpointThrows()
    {
        var trainer = new CtrTrainer(new CtrTrainingOptions { Seed = 1 });
        using var model = trainer.CreateModel(NewDlrm);
        Assert.Throws<OperationCanceledException>(() => trainer.Train(model, Data.Train, Data.Validation, cancellationToken: new CancellationToken(true)));
    }

    [Theory]
    [InlineData(OptimizerKind.Adagrad)]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adam)]
    public void EveryOptimizerLearns(OptimizerKind optimizer)
    {
        var trainer = new CtrTrainer(new CtrTrainingOptions { Seed = 1, MaxEpochs = 3, Optimizer = optimizer });
        using var model = trainer.CreateModel(NewDlrm);
        var result = trainer.Train(model, Data.Train, Data.Validation);
        Assert.InRange(result.BestValidation.NormalizedEntropy, 0.3, 0.95);
    }

    [Fact]
    public void TrainingAndPredictionLeaveNoTensorsBehind()
    {
        var trainer = new CtrTrainer(new CtrTrainingOptions { Seed = 1, MaxEpochs = 2 });
        using var model = trainer.CreateModel(NewDlrm);
        long before = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        trainer.Train(model, Data.Train, Data.Validation);
        CtrTrainer.Predict(model, Data.Test!);
        long after = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        Assert.Equal(before, after);
    }

    [Fact]
    public void InvalidOptionsNameTheOption()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new CtrTrainer(new CtrTrainingOptions { BatchSize = 0 }));
        Assert.Equal("BatchSize", error.ParamName);
        error = Assert.Throws<ArgumentOutOfRangeException>(() => new CtrTrainer(new CtrTrainingOptions { LearningRate = -1 }));
        Assert.Equal("LearningRate", error.ParamName);
    }

    private sealed class CallbackProgress(Action<TrainingProgress> callback) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => callback(value);
    }
}

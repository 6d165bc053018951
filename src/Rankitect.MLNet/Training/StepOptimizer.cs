using Rankitect.SearchSpaces.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.Training;

/// <summary>What one minibatch step of <see cref="CtrTrainer.Pass"/> updates: clears gradients before the forward
/// pass and applies them after the backward pass.</summary>
internal abstract class StepOptimizer : IDisposable
{
    /// <summary>Clears every gradient the step's backward pass will write.</summary>
    public abstract void ZeroGrad();

    /// <summary>Applies the gradients.</summary>
    public abstract void Step();

    /// <inheritdoc/>
    public abstract void Dispose();

    /// <summary>The network's own weights: a dense optimizer for the layers and row-wise updates of the embedding tables
    /// (<see cref="SparseRowOptimizer"/>), as <paramref name="kind"/> with <paramref name="learningRate"/> and
    /// <paramref name="weightDecay"/> for the layers, <paramref name="embeddingLearningRate"/> (default: the layers')
    /// and <paramref name="embeddingL2"/> for the tables.</summary>
    public static StepOptimizer ForModel(CtrModule model, OptimizerKind kind, double learningRate, double weightDecay,
        double? embeddingLearningRate = null, double embeddingL2 = 0)
        => new ModelWeights(model, kind, learningRate, weightDecay, embeddingLearningRate ?? learningRate, embeddingL2);

    /// <summary>The network's own weights with the recipe of <paramref name="options"/>.</summary>
    public static StepOptimizer ForModel(CtrModule model, CtrTrainingOptions options)
        => ForModel(model, options.Optimizer, options.EffectiveLearningRate, options.WeightDecay,
            options.EffectiveEmbeddingLearningRate, options.EmbeddingL2);

    /// <summary>Adam on <paramref name="parameters"/> alone (e.g. architecture logits, an output layer). The other
    /// weights' gradients are cleared with <paramref name="frozen"/> and never applied.</summary>
    public static StepOptimizer Only(IReadOnlyList<TorchSharp.Modules.Parameter> parameters, double learningRate, StepOptimizer? frozen = null)
        => new Subset(parameters, learningRate, frozen);

    private sealed class ModelWeights : StepOptimizer
    {
        private readonly DenseParameterOptimizer _dense;
        private readonly SparseRowOptimizer _sparse;

        public ModelWeights(CtrModule model, OptimizerKind kind, double learningRate, double weightDecay,
            double embeddingLearningRate, double embeddingL2)
        {
            // Embedding tables are updated row-wise; the dense optimizer gets everything else.
            var tables = model.modules().OfType<SparseEmbeddingTable>().ToList();
            var sparse = tables.Select(t => t.Weight.Handle).ToHashSet();
            var parameters = model.parameters().Where(p => !sparse.Contains(p.Handle)).ToList();
            _dense = new DenseParameterOptimizer(parameters, kind, learningRate, weightDecay);
            _sparse = new SparseRowOptimizer(tables, kind, embeddingLearningRate, embeddingL2);
        }

        public override void ZeroGrad()
        {
            _dense.ZeroGrad();
            _sparse.ZeroGrad();
        }

        public override void Step()
        {
            _dense.Step();
            _sparse.Step();
        }

        public override void Dispose()
        {
            _sparse.ZeroGrad(); // pending lookups hold tensors of the last step
            _sparse.Dispose();
            _dense.Dispose();
        }
    }

    private sealed class Subset(IReadOnlyList<TorchSharp.Modules.Parameter> parameters, double learningRate, StepOptimizer? frozen) : StepOptimizer
    {
        private readonly DenseParameterOptimizer _adam = new(parameters, OptimizerKind.Adam, learningRate, 0);

        public override void ZeroGrad()
        {
            frozen?.ZeroGrad();
            _adam.ZeroGrad();
        }

        public override void Step()
        {
            _adam.Step();
            frozen?.ZeroGrad(); // the step's lookups must not move embedding rows later
        }

        public override void Dispose() => _adam.Dispose();
    }
}

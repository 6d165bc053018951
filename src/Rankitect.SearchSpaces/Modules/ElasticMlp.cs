using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>
/// A supernet MLP whose every layer mixes width candidates by weight sharing (NasRec's <c>ElasticLinear</c>): one
/// weight at the largest width, its output masked to a prefix; candidate width 0 means "skip" (the layer's input
/// passes unchanged). With a one-hot gate the result equals the sub-network with those widths; with soft gates it
/// mixes the masks, which costs one matrix product per layer whatever the number of candidates. All activations
/// travel at the carrier width max(input, largest width), zero beyond the active prefix.
/// </summary>
public sealed class ElasticMlp : nn.Module
{
    private readonly ModuleList<Linear> layers = new();
    private readonly Tensor masks;
    private readonly int _skip;
    private readonly int _maxWidth;

    /// <summary>Creates the layers.</summary>
    /// <param name="inputWidth">Width of the input.</param>
    /// <param name="layerCount">Number of layers.</param>
    /// <param name="candidateWidths">Width candidates of every layer, in gate order; 0 = skip.</param>
    /// <param name="name">Module name.</param>
    public ElasticMlp(int inputWidth, int layerCount, IReadOnlyList<int> candidateWidths, string name = "elastic_mlp") : base(TorchModule.Named(name))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputWidth);
        ArgumentOutOfRangeException.ThrowIfNegative(layerCount);
        if (candidateWidths.Count == 0 || candidateWidths.Any(w => w < 0))
            throw new ArgumentException("Candidate widths must be >= 0 and not empty.", nameof(candidateWidths));
        _maxWidth = Math.Max(1, candidateWidths.Max());
        CarrierWidth = Math.Max(inputWidth, _maxWidth);
        InputWidth = inputWidth;
        for (int i = 0; i < layerCount; i++)
            layers.Add(SeededTorch.Linear(CarrierWidth, _maxWidth));
        var prefix = new float[candidateWidths.Count * CarrierWidth];
        for (int k = 0; k < candidateWidths.Count; k++)
            for (int j = 0; j < candidateWidths[k]; j++)
                prefix[k * CarrierWidth + j] = 1;
        masks = tensor(prefix).view(candidateWidths.Count, CarrierWidth);
        _skip = candidateWidths.ToList().IndexOf(0);
        RegisterComponents();
    }

    /// <summary>Width of the input.</summary>
    public int InputWidth { get; }

    /// <summary>Width of the output (zero-padded beyond the active prefix).</summary>
    public int CarrierWidth { get; }

    /// <summary>Number of layers.</summary>
    public int LayerCount => layers.Count;

    /// <summary>Runs [B, input] -> [B, carrier] with <c>gates[i]</c> [K] the candidate weights of layer i.</summary>
    public Tensor Forward(Tensor input, IReadOnlyList<Tensor> gates)
    {
        using var scope = NewDisposeScope();
        var x = CarrierWidth > InputWidth ? nn.functional.pad(input, new long[] { 0, CarrierWidth - InputWidth }) : input;
        for (int i = 0; i < layers.Count; i++)
        {
            var output = nn.functional.relu(layers[i].forward(x));
            if (CarrierWidth > _maxWidth)
                output = nn.functional.pad(output, new long[] { 0, CarrierWidth - _maxWidth });
            var mask = gates[i].unsqueeze(0).mm(masks); // [1, carrier]
            var mixed = output * mask;
            x = _skip >= 0 ? mixed.add(x * gates[i][_skip], One) : mixed;
        }
        return x.MoveToOuterDisposeScope();
    }
}

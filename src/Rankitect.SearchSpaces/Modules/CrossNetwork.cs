using Rankitect.SearchSpaces.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Rankitect.Native.HeldScalars;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>
/// DCN-v2 cross layers (Wang et al. 2021), full-rank: x_{l+1} = x0 ⊙ (W_l x_l + b_l) + x_l. Input [B, w] ->
/// output [B, w]; each layer has w² + w parameters.
/// </summary>
public sealed class CrossNetwork : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly ModuleList<Linear> layers = new();

    /// <summary>Creates <paramref name="layerCount"/> cross layers of width <paramref name="width"/>.</summary>
    public CrossNetwork(int width, int layerCount, string name = "cross") : base(TorchModule.Named(name))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layerCount);
        for (int i = 0; i < layerCount; i++)
            layers.Add(SeededTorch.Linear(width, width));
        Width = width;
        RegisterComponents();
    }

    /// <summary>Input and output width.</summary>
    public int Width { get; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = input;
        foreach (var layer in layers)
            x = Layer(input, x, layer.weight!, layer.bias!);
        return x.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public string ExportOnnx(IOnnxGraphBuilder graph, string input)
    {
        ArgumentNullException.ThrowIfNull(graph);
        using var scope = graph.BeginScope(GetName());
        var x = input;
        for (int i = 0; i < layers.Count; i++)
        {
            var projected = layers[i].ExportOnnx(graph, x, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            x = ExportLayer(graph, input, x, projected);
        }
        return x;
    }

    /// <summary>One cross layer x0 ⊙ (W x + b) + x with explicit weights: the one implementation, also used by the block
    /// space's cross operator on weights sliced from its supernet. Every layer multiplies by the network's input x0,
    /// not by its own input.</summary>
    public static Tensor Layer(Tensor x0, Tensor x, Tensor weight, Tensor bias) => (x0 * nn.functional.linear(x, weight, bias)).add(x, One);

    /// <summary>Adds <see cref="Layer"/> to an ONNX graph, given the node holding W x + b.</summary>
    public static string ExportLayer(IOnnxGraphBuilder graph, string x0, string x, string projected)
        => graph.AddNode("Add", [graph.AddNode("Mul", [x0, projected]), x]);
}

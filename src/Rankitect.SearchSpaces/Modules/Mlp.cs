using Rankitect.SearchSpaces.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>A stack of Linear + ReLU layers (with <see cref="Dropout"/> after each ReLU while training).</summary>
public sealed class Mlp : nn.Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly ModuleList<Linear> layers = new();
    private readonly bool _activateLast;

    /// <summary>Creates the stack.</summary>
    /// <param name="inputWidth">Width of the input.</param>
    /// <param name="widths">Width of each layer; the last is the output width. May be empty (identity).</param>
    /// <param name="activateLast">Whether the last layer is followed by ReLU (false for a layer that emits logits).</param>
    /// <param name="name">Module name.</param>
    public Mlp(int inputWidth, IReadOnlyList<int> widths, bool activateLast = true, string name = "mlp") : base(TorchModule.Named(name))
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputWidth);
        int width = inputWidth;
        foreach (var next in widths)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(next, nameof(widths));
            layers.Add(SeededTorch.Linear(width, next));
            width = next;
        }
        _activateLast = activateLast;
        OutputWidth = width;
        RegisterComponents();
    }

    /// <summary>Width of the output.</summary>
    public int OutputWidth { get; }

    /// <summary>Dropout after every ReLU while the module is in training mode; null for none. Set by the trainer for
    /// the length of one training (<see cref="CtrModule.SetDropout"/>). Default: null.</summary>
    public SeededDropout? Dropout { get; set; }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        var x = input;
        for (int i = 0; i < layers.Count; i++)
        {
            x = layers[i].forward(x);
            if (i < layers.Count - 1 || _activateLast)
            {
                x = nn.functional.relu(x);
                if (training && Dropout is { } dropout)
                    x = dropout.Apply(x);
            }
        }
        return x;
    }

    /// <inheritdoc/>
    public string ExportOnnx(IOnnxGraphBuilder graph, string input)
    {
        using var scope = graph.BeginScope(GetName());
        var x = input;
        for (int i = 0; i < layers.Count; i++)
        {
            x = layers[i].ExportOnnx(graph, x, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (i < layers.Count - 1 || _activateLast)
                x = graph.AddNode("Relu", [x]);
        }
        return x;
    }
}

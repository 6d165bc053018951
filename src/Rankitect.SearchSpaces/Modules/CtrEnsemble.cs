using Rankitect.SearchSpaces.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>
/// An ensemble of trained CTR networks as one network: its click probability is the mean of the members' click
/// probabilities, and its logit is the logit of that mean, so every consumer of a <see cref="CtrModule"/> (evaluation,
/// the ONNX export, the scoring chain) treats it like a single network. Its cost is the sum of the members' costs.
/// </summary>
/// <remarks>
/// Probabilities are averaged, not logits: NE and log loss are measured on probabilities, and the mean of calibrated
/// probabilities stays calibrated (a mean of logits is the geometric mean of the odds, which pulls every prediction
/// towards the more confident members). The members are registered submodules: <c>eval()</c>, <c>parameters()</c> and
/// <c>state_dict()</c> cover them, and disposing the ensemble disposes them, unless <see cref="DetachMembers"/> handed
/// them back first. The ensemble is for scoring; it is not trained.
/// </remarks>
public sealed class CtrEnsemble : CtrModule
{
    private readonly CtrModule[] _members;
    private bool _detached;

    /// <summary>Creates the ensemble of <paramref name="members"/> (at least two), which it owns from now on.</summary>
    /// <param name="members">Trained networks over the same inputs, in the order their outputs are listed.</param>
    /// <param name="name">Module name (the scope of the exported graph).</param>
    /// <exception cref="ArgumentException">Fewer than two members, or one is null or listed twice.</exception>
    public CtrEnsemble(IReadOnlyList<CtrModule> members, string name = "ensemble") : base(name)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count < 2)
            throw new ArgumentException($"An ensemble needs at least two members; got {members.Count}.", nameof(members));
        if (members.Any(m => m is null) || members.Distinct().Count() != members.Count)
            throw new ArgumentException("Every member of an ensemble must be a distinct network.", nameof(members));
        _members = members.ToArray();
        for (int i = 0; i < _members.Length; i++)
            register_module(MemberName(i), _members[i]);
    }

    /// <summary>The averaged networks.</summary>
    public IReadOnlyList<CtrModule> Members => _members;

    /// <summary>Logit of the mean member probability, [B].</summary>
    public override Tensor forward(Tensor dense, Tensor ids)
    {
        using var scope = NewDisposeScope();
        var probability = stack(_members.Select(m => m.forward(dense, ids).sigmoid()).ToArray(), 0).mean([0L]);
        // log p - log(1 - p): the exported graph computes the same, with Log(1 - p) in place of log1p(-p).
        return (probability.log() - probability.neg().log1p()).MoveToOuterDisposeScope();
    }

    /// <summary>Each member's graph on the shared inputs (scopes <c>member0</c>, <c>member1</c>, ...), a Sigmoid per
    /// member, their Mean, and its logit Log(p) - Log(1 - p).</summary>
    public override string ExportOnnx(IOnnxGraphBuilder graph, string? dense, string? ids)
    {
        ArgumentNullException.ThrowIfNull(graph);
        using var scope = graph.BeginScope(GetName());
        var probabilities = new List<string>(_members.Length);
        for (int i = 0; i < _members.Length; i++)
        {
            using var member = graph.BeginScope(MemberName(i));
            probabilities.Add(graph.AddNode("Sigmoid", [_members[i].ExportOnnx(graph, dense, ids)]));
        }
        var mean = graph.AddNode("Mean", probabilities);
        var complement = graph.AddNode("Sub", [graph.AddFloatConstant("one", [1f]), mean]);
        return graph.AddNode("Sub", [graph.AddNode("Log", [mean]), graph.AddNode("Log", [complement])]);
    }

    /// <summary>Unregisters the members so that disposing the ensemble frees only its own handle: for an ensemble that
    /// was measured but not kept, whose members belong to someone else again.</summary>
    public void DetachMembers()
    {
        if (_detached)
            return;
        for (int i = 0; i < _members.Length; i++)
            register_module(MemberName(i), null!); // TorchSharp: a null module removes the registration
        _detached = true;
    }

    private static string MemberName(int index) => $"member{index}";
}

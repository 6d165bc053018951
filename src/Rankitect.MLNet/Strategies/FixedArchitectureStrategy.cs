using Rankitect.Experiment;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Spaces.Dlrm;

namespace Rankitect.Strategies;

/// <summary>
/// No search: one given architecture of the space is the only candidate, so the experiment trains exactly it (with
/// the same network, cost and export code as every searched architecture). <see cref="HandDesignedDlrm"/> is the
/// baseline every search is compared with; <see cref="DcnV2"/> the second fixed network of <c>CompareWithBaselines</c>.
/// </summary>
public sealed class FixedArchitectureStrategy : ISearchStrategy
{
    private readonly Func<IArchitectureSpace, IReadOnlyList<int>> _architecture;

    /// <summary>Creates the strategy.</summary>
    /// <param name="name">Name recorded with the trial, e.g. <c>fixed-dlrm</c>.</param>
    /// <param name="architecture">The architecture's indices in the experiment's space.</param>
    public FixedArchitectureStrategy(string name, Func<IArchitectureSpace, IReadOnlyList<int>> architecture)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _architecture = architecture ?? throw new ArgumentNullException(nameof(architecture));
    }

    /// <summary>The hand-designed DLRM of the DLRM space (<c>fixed-dlrm</c>, <see cref="DlrmSpace.HandDesigned"/>): bottom
    /// MLP [64] to d = 16 (none without dense inputs), 16-dimensional embeddings at full size, dot-product interaction,
    /// top MLP [128, 64].</summary>
    public static FixedArchitectureStrategy HandDesignedDlrm() => new("fixed-dlrm", space => space is DlrmSpace dlrm
        ? dlrm.Encode(DlrmSpace.HandDesigned(dlrm))
        : throw new ArgumentException($"The hand-designed DLRM is an architecture of the DLRM space, not of the '{space.Name}' space.", nameof(space)));

    /// <summary>DCN-v2 in the DLRM space (<c>fixed-dcn-v2</c>, <see cref="DlrmSpace.DcnV2"/>): the hand-designed DLRM's
    /// embeddings, the dense features as one vector of d = 16, two full-rank cross layers over the flattened vectors,
    /// top MLP [128, 64].</summary>
    public static FixedArchitectureStrategy DcnV2() => new("fixed-dcn-v2", space => space is DlrmSpace dlrm
        ? dlrm.Encode(DlrmSpace.DcnV2(dlrm))
        : throw new ArgumentException($"DCN-v2 is an architecture of the DLRM space, not of the '{space.Name}' space.", nameof(space)));

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public Task<SearchOutcome> SearchAsync(SearchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var indices = _architecture(context.Space);
        context.Space.ThrowIfInvalid(indices);
        return Task.FromResult(new SearchOutcome([new SearchCandidate(indices)]));
    }
}

namespace Rankitect.SearchSpaces.Abstractions;

/// <summary>
/// A search space as every strategy sees it: the choices (<see cref="ISearchSpace"/>), the analytic cost formula
/// (<see cref="IHasCost"/>) and the networks (<see cref="INetworkBuilder"/>) together. Strategies never look inside
/// an architecture; they sample, mutate and mix indices, and ask the space for costs, networks, a weight-sharing
/// supernet and a JSON form. The DLRM space and the block spaces both implement it, so random search, evolution,
/// one-shot and DNAS run on either unchanged.
/// </summary>
public interface IArchitectureSpace : IHasCost, INetworkBuilder
{
}

using System.Reflection;
using Rankitect.Native;
using Rankitect.SearchSpaces.Abstractions;
using Rankitect.SearchSpaces.Modules;
using Rankitect.SearchSpaces.Spaces.Dlrm;

namespace Rankitect.Tests.Spaces;

/// <summary>What each of the search-space assemblies may reference: the split that keeps the choices, checks, JSON and
/// plain-number costs free of TorchSharp, and the native loader free of ML.NET and of the search spaces.</summary>
public class AssemblyBoundaryTests
{
    private static string[] References(Type type)
        => type.Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToArray();

    [Fact]
    public void The_abstractions_assembly_references_neither_TorchSharp_nor_another_Rankitect_assembly()
    {
        var references = References(typeof(ISearchSpace));
        Assert.DoesNotContain(references, r => r.StartsWith("TorchSharp", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Rankitect", StringComparison.Ordinal));
        Assert.Same(typeof(ISearchSpace).Assembly, typeof(IHasCost).Assembly);
    }

    [Fact]
    public void The_native_loader_references_neither_MLNet_nor_the_search_spaces()
    {
        var references = References(typeof(TorchRuntime));
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.ML", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("Rankitect", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_space_is_its_three_capabilities_and_the_networks_come_from_the_torch_assembly()
    {
        Assert.True(typeof(IArchitectureSpace).IsAssignableTo(typeof(ISearchSpace)));
        Assert.True(typeof(IArchitectureSpace).IsAssignableTo(typeof(IHasCost)));
        Assert.True(typeof(IArchitectureSpace).IsAssignableTo(typeof(INetworkBuilder)));
        Assert.Empty(typeof(IArchitectureSpace).GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly));
        Assert.Same(typeof(INetworkBuilder).Assembly, typeof(CtrModule).Assembly);
        Assert.Same(typeof(DlrmSpace).Assembly, typeof(CtrModule).Assembly);
    }
}

using Rankitect.Native;

namespace Rankitect.SearchSpaces.Modules;

/// <summary>Makes sure TorchSharp's natives are loaded before a module's native handle is created.</summary>
internal static class TorchModule
{
    /// <summary>Loads the natives if needed and returns <paramref name="name"/>, so a constructor can call it in its
    /// <c>base(...)</c> argument, before TorchSharp's own constructor runs.</summary>
    public static string Named(string name)
    {
        TorchRuntime.EnsureLoaded();
        return name;
    }
}

using TorchSharp;

namespace Rankitect.Native;

/// <summary>
/// TorchSharp scalars that live as long as the process, for the arguments every tensor expression needs
/// (the alpha of <c>a.add(b, alpha)</c>, a fill value). They are integers, as TorchSharp's own defaults are, so they
/// serve integer tensors (row ids) and floating-point tensors alike.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 frees a <see cref="Scalar"/> from its finalizer. One made by an implicit conversion
/// (<c>t.add(b)</c>, <c>a + b</c>, <c>t.masked_fill(m, 0.0)</c>) is unreachable as soon as its handle is read, so a
/// collection triggered by another thread can free it while the native call is still reading it: a
/// "toFloat" error, or silently a different value. The analyzer rule RS0030 (BannedSymbols.TorchSharp.txt)
/// refuses those conversions; use these, or a <c>using var s = x.ToScalar()</c> for other values.
/// </remarks>
public static class HeldScalars
{
    /// <summary>1, the alpha of a plain addition: <c>a.add(b, HeldScalars.One)</c>.</summary>
    public static Scalar One { get; } = Make(1L);

    /// <summary>0.</summary>
    public static Scalar Zero { get; } = Make(0L);

    /// <summary>-1, the alpha of a plain subtraction through <c>add</c>.</summary>
    public static Scalar MinusOne { get; } = Make(-1L);

    private static Scalar Make(long value)
    {
        TorchRuntime.EnsureLoaded();
        return value.ToScalar();
    }
}

namespace Rankitect.Tests.Native;

/// <summary>A fact about Linux-only behaviour (ELF files, the glibc loader); skipped elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
            Skip = "Linux only: exercises ELF natives and the glibc loader.";
    }
}

using Rankitect.Native;

namespace Rankitect.Tests.Native;

public class TorchRuntimeExceptionTests
{
    [Fact]
    public void A_TorchSharp_failure_shows_its_trace_instead_of_its_misleading_message()
    {
        var torchSharpError = new NotSupportedException(
            "This application or script uses TorchSharp but doesn't contain a reference to libtorch-cpu-linux-x64.\n\n" +
            "Trace from LoadNativeBackend:\n    Failed to load native component libLibTorchSharp.so: version `GLIBCXX_3.4.32' not found");
        var failure = new TypeInitializationException("TorchSharp.torch", torchSharpError);

        var exception = TorchRuntimeException.ForTorchSharpFailure(failure, "libtorch folder: /app");

        Assert.Contains("version `GLIBCXX_3.4.32' not found", exception.Message);
        Assert.DoesNotContain("doesn't contain a reference", exception.Message);
        Assert.Contains("libtorch folder: /app", exception.Message);
        Assert.Same(failure, exception.InnerException);
        Assert.IsAssignableFrom<InvalidOperationException>(exception);
    }

    [Fact]
    public void Without_a_trace_the_innermost_message_is_kept()
    {
        var failure = new TypeInitializationException("TorchSharp.torch", new DllNotFoundException("libfoo.so: cannot open"));

        var exception = TorchRuntimeException.ForTorchSharpFailure(failure, "");

        Assert.Contains("libfoo.so: cannot open", exception.Message);
    }
}

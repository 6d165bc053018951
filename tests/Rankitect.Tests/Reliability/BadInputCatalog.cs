using Rankitect.Tests.Data.Readers;

namespace Rankitect.Tests.Reliability;

/// <summary>One bad input or fault: what a user does with it, the exception it must raise and what that exception's
/// message must name (file, line, column, value, option).</summary>
/// <param name="Name">What is wrong, as docs/RELIABILITY.md lists it.</param>
/// <param name="Issue">The numbered case of issue 15 it belongs to, or "-" for one that already behaved well.</param>
/// <param name="Exception">The exact type of the exception.</param>
/// <param name="Act">What the user does (files go to the given temporary folder).</param>
/// <param name="Names">Text the message must contain.</param>
public sealed record BadInput(string Name, string Issue, Type Exception, Func<ReaderTestFiles, Task> Act, IReadOnlyList<string> Names)
{
    /// <summary>Further checks on the exception (its properties), if any.</summary>
    public Action<Exception>? Check { get; init; }

    /// <summary>Thrown on a worker thread of ML.NET's parallel cursor, which wraps it in an InvalidOperationException:
    /// the listed type and names are those of the inner exception.</summary>
    public bool WrappedByMlNet { get; init; }

    public BadInput Also<TException>(Action<TException> check) where TException : Exception => this with { Check = e => check((TException)e) };

    public static BadInput Refused<TException>(string name, string issue, Action<ReaderTestFiles> act, params string[] names) where TException : Exception
        => new(name, issue, typeof(TException), files => { act(files); return Task.CompletedTask; }, names);

    public static BadInput RefusedAsync<TException>(string name, string issue, Func<ReaderTestFiles, Task> act, params string[] names) where TException : Exception
        => new(name, issue, typeof(TException), act, names);

    public override string ToString() => Name;
}

/// <summary>
/// The permanent catalog of bad inputs and faults (docs/RELIABILITY.md is its table): each one is refused with an
/// exception of the listed type whose message names the offending thing, so it stays that way. In-process cases are
/// rows of one theory, grouped by area in the partial files; the cases that need a child process (the CLI, the scoring
/// sample, a kill during a save) and the damaged-zip faults are facts beside it in this folder.
/// </summary>
public partial class BadInputCatalog
{
    private static readonly IReadOnlyDictionary<string, BadInput> Cases =
        new[] { DataFiles(), Columns(), Options(), Outcomes(), Scoring() }.SelectMany(c => c).ToDictionary(c => c.Name); // a name used twice throws

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Is_refused_naming_the_offending_thing(string @case)
    {
        var expected = Cases[@case];
        using var files = new ReaderTestFiles();
        var error = await Record.ExceptionAsync(() => expected.Act(files));
        Assert.True(error is not null, "no exception");
        if (expected.WrappedByMlNet)
        {
            Assert.IsType<InvalidOperationException>(error);
            error = error.InnerException!;
        }
        Assert.True(error.GetType() == expected.Exception, $"expected {expected.Exception.Name}, got {error.GetType().Name}: {error}");
        foreach (var name in expected.Names)
            Assert.Contains(name, error.Message);
        expected.Check?.Invoke(error);
    }
}

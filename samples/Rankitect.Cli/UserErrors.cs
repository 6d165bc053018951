using Rankitect.Data;

/// <summary>
/// Turns what the user can fix (a bad flag value, a bad input file, a busy output path, a budget too small) into one or
/// two lines naming the flag to change, with exit code 2; anything else is a bug and keeps its stack trace. With
/// <c>--verbose</c> every error prints its stack trace.
/// </summary>
static class UserErrors
{
    // The library names its options; the user typed flags.
    private static readonly (string Option, string Flag)[] Flags =
    [
        ("DenseColumnNames", "--dense"), ("CategoricalColumnNames", "--categorical"), ("IgnoredColumnNames", "--ignore"),
        ("LabelColumnName", "--label"), ("SearchTimeBudget", "--search-budget"), ("FlopsBudget", "--flops-budget"),
        ("NeTolerance", "--ne-tolerance"), ("MaxEpochs", "--epochs"), ("HashBits", "--hash-bits"), ("Threads", "--threads"),
        ("TrainingSearch.Trials", "--recipe-trials"), ("EnsembleSize", "--ensemble"), ("Strategy", "--strategy"), ("Space", "--space"),
        ("MaximumMemoryMB", "--max-memory-mb"),
    ];

    /// <summary>Runs <paramref name="job"/>; a user error is printed to stderr as described above.</summary>
    public static int Run(Func<int> job, bool verbose)
    {
        try
        {
            return job();
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Out.Flush();
            string message = e is ArgumentException { ParamName: { } name } ? e.Message.Replace($" (Parameter '{name}')", "") : e.Message;
            Console.Error.WriteLine($"error: {WithFlags(message)}");
            if (verbose)
                Console.Error.WriteLine(e);
            else
                Console.Error.WriteLine("       (--verbose prints the details)");
            return 2;
        }
    }

    private static bool IsUserError(Exception e) => e is ArgumentException or CtrDataFormatException or InvalidDataException
        or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or TimeoutException
        or IOException or Rankitect.Experiment.Store.StudyConflictException;

    /// <summary>The message with each option name followed by the flag that sets it.</summary>
    public static string WithFlags(string message)
    {
        var first = message.Split('\n')[0].Trim();
        foreach (var (option, flag) in Flags)
        {
            int at = IndexOfWord(first, option);
            if (at >= 0)
                first = first.Insert(at + option.Length, $" ({flag})");
        }
        return first;
    }

    private static int IndexOfWord(string text, string word)
    {
        for (int at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.Ordinal))
        {
            bool startOk = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            int end = at + word.Length;
            bool endOk = end == text.Length || !char.IsLetterOrDigit(text[end]);
            if (startOk && endOk)
                return at;
        }
        return -1;
    }
}

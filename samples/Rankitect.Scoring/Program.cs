using System.Globalization;
using Microsoft.ML;
using Rankitect.Scoring;
using Rankitect.Serving;

// Loads a Rankitect model zip the way a production app does (plain mlContext.Model.Load, no TorchSharp) and scores
// a data file with the same columns the model was trained on.
// Usage: Rankitect.Scoring <model.zip> <rows.tsv> <output.tsv>
//   rows.tsv: a header line naming columns, then TAB-separated rows. The model's feature columns must all be in the
//   header (other columns, e.g. the label, are not read); each field is read by the type of its column in the input
//   schema saved in the zip, with training's rules: an empty field is a missing number, a number must be finite.
//   Every row is checked before any is scored: bad rows (too few or too many fields, 'abc' or +Infinity in a dense
//   column) are listed with their line, column and value, nothing is written, exit code 2. An empty file, or one
//   without rows, is an error too. Empty lines hold no row and are skipped. output.tsv gets one line per row, in order.
// Or:    Rankitect.Scoring --info <model.zip>
//   prints what the model is (RankitectModelInfo: architecture, FLOPs, features, validation metrics, trials) as JSON.
const int BadRowsShown = 10;
if (args.Length == 2 && args[0] == "--info")
{
    try
    {
        Console.WriteLine(RankitectModelInfo.Load(args[1]).ToJson(indented: true));
        return 0;
    }
    catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
    {
        return Fail(e.Message.Contains(args[1], StringComparison.Ordinal) ? e.Message : $"{args[1]}: {e.Message}");
    }
}
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Rankitect.Scoring <model.zip> <rows.tsv> <output.tsv>");
    Console.Error.WriteLine("       Rankitect.Scoring --info <model.zip>");
    return 2;
}
string modelPath = args[0], rowsPath = args[1], outputPath = args[2];
try
{
    // A plain Model.Load does not notice flipped bytes in the network; the model's info check does (content hash).
    var info = RankitectModelInfo.Load(modelPath);
    var ml = new MLContext();
    var model = ml.Model.Load(modelPath, out var inputSchema);

    var file = ScoringFile.Open(rowsPath, inputSchema, [.. info.Features.DenseColumnNames, .. info.Features.CategoricalColumnNames]);
    var (rows, bad, badCount) = file.Check(BadRowsShown);
    if (badCount > 0)
    {
        foreach (var field in bad)
            Console.Error.WriteLine(field.Describe(rowsPath));
        if (badCount > bad.Count)
            Console.Error.WriteLine($"... and {badCount - bad.Count:N0} more bad rows");
        return Fail($"{rowsPath}: {badCount:N0} of {rows + badCount:N0} rows cannot be scored; nothing was written to {outputPath}.");
    }
    if (rows == 0)
        return Fail($"{rowsPath} has a header but no rows; expected at least one row to score.");

    var scored = model.Transform(file.ToDataView());
    AtomicFile.Write(outputPath, stream =>
    {
        using var output = new StreamWriter(stream, leaveOpen: true);
        output.WriteLine("Score\tProbability\tPredictedLabel");
        using var cursor = scored.GetRowCursor([scored.Schema["Score"], scored.Schema["Probability"], scored.Schema["PredictedLabel"]]);
        var score = cursor.GetGetter<float>(scored.Schema["Score"]);
        var probability = cursor.GetGetter<float>(scored.Schema["Probability"]);
        var label = cursor.GetGetter<bool>(scored.Schema["PredictedLabel"]);
        float s = 0, p = 0;
        bool l = false;
        while (cursor.MoveNext())
        {
            score(ref s);
            probability(ref p);
            label(ref l);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s:R}\t{p:R}\t{l}"));
        }
    });
    Console.WriteLine($"scored {rows:N0} rows of {rowsPath} with {modelPath} into {outputPath}");
    return 0;
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
{
    return Fail(e.Message);
}

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    return 2;
}

using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Rankitect.Serving;

// Loads a Rankitect model zip the way a production app does (plain mlContext.Model.Load, no TorchSharp) and scores
// a data file with the same columns the model was trained on.
// Usage: Rankitect.Scoring <model.zip> <rows.tsv> <output.tsv>
//   rows.tsv: a header line naming the model's input columns, then TAB-separated rows (empty = missing); each
//   column's type comes from the input schema saved in the zip.
// Or:    Rankitect.Scoring --info <model.zip>
//   prints what the model is (RankitectModelInfo: architecture, FLOPs, features, validation metrics, trials) as JSON.
if (args.Length == 2 && args[0] == "--info")
{
    try
    {
        Console.WriteLine(RankitectModelInfo.Load(args[1]).ToJson(indented: true));
        return 0;
    }
    catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine(e.Message.Contains(args[1], StringComparison.Ordinal) ? e.Message : $"{args[1]}: {e.Message}");
        return 2;
    }
}
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Rankitect.Scoring <model.zip> <rows.tsv> <output.tsv>");
    Console.Error.WriteLine("       Rankitect.Scoring --info <model.zip>");
    return 2;
}

// A plain Model.Load does not notice flipped bytes in the network; the model's info check does (content hash).
try
{
    RankitectModelInfo.Load(args[0]);
}
catch (DamagedModelException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
var ml = new MLContext();
var model = ml.Model.Load(args[0], out var inputSchema);

// The loader reads the columns the model expects, by name and type, from the saved input schema.
var header = File.ReadLines(args[1]).First().Split('\t');
var columns = header.Select((name, index) =>
{
    var column = inputSchema.GetColumnOrNull(name)
        ?? throw new InvalidDataException($"Column '{name}' of {args[1]} is not in the model's input schema.");
    var kind = column.Type switch
    {
        BooleanDataViewType => DataKind.Boolean,
        TextDataViewType => DataKind.String,
        _ when column.Type.RawType == typeof(double) => DataKind.Double,
        _ => DataKind.Single,
    };
    return new TextLoader.Column(name, kind, index);
}).ToArray();
var loader = ml.Data.CreateTextLoader(new TextLoader.Options
{
    Columns = columns, HasHeader = true, Separators = new[] { '\t' }, MissingRealsAsNaNs = true, AllowQuoting = false,
});
var scored = model.Transform(loader.Load(args[1]));

using var output = new StreamWriter(args[2]);
output.WriteLine("Score\tProbability\tPredictedLabel");
using var cursor = scored.GetRowCursor(new[] { scored.Schema["Score"], scored.Schema["Probability"], scored.Schema["PredictedLabel"] });
var score = cursor.GetGetter<float>(scored.Schema["Score"]);
var probability = cursor.GetGetter<float>(scored.Schema["Probability"]);
var label = cursor.GetGetter<bool>(scored.Schema["PredictedLabel"]);
float s = 0, p = 0;
bool l = false;
long rows = 0;
while (cursor.MoveNext())
{
    score(ref s);
    probability(ref p);
    label(ref l);
    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s:R}\t{p:R}\t{l}"));
    rows++;
}
Console.WriteLine($"scored {rows} rows with {args[0]}");
return 0;

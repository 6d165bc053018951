namespace Rankitect.Bench.Datasets;

/// <summary>
/// Finds the data sets in a folder laid out like ../shared/data (one sub-folder per data set, each with a SOURCE.md
/// describing its files) and reads each with the layout its SOURCE.md describes. Folders with no known layout are
/// listed as skipped, with why.
/// </summary>
public static class SharedDataCatalog
{
    private static readonly string[] AvazuNames =
    [
        "C1", "banner_pos", "site_id", "site_domain", "site_category", "app_id", "app_domain", "app_category", "device_id",
        "device_ip", "device_model", "device_type", "device_conn_type", "C14", "C15", "C16", "C17", "C18", "C19", "C20", "C21",
    ];

    // Checked in order; the first layout whose files are present reads the folder.
    private static readonly ISharedLayout[] Layouts =
    [
        new CriteoKaggleLayout(),
        new IpinyouLayout(),
        new CategoricalCsvLayout(
            "CSV small_train.csv+small_valid.csv pooled; label click; categorical cat1, cat4, cat6, cat8, cat9 (count c and pandas index dropped)",
            ["small_train.csv", "small_valid.csv"], [8, 7], [true, true], labelField: 5,
            CategoricalCsvLayout.Named(["cat1", "cat4", "cat6", "cat8", "cat9"], 0)),
        new CategoricalCsvLayout(
            "CSV avazu_1w.txt mapped by position (header is one name short); label col 3; categorical hour + 21 Avazu fields (row index and float id dropped)",
            ["avazu_1w.txt"], [25], [true], labelField: 2,
            [("hour", 3), .. CategoricalCsvLayout.Named(AvazuNames, 4)]),
        new CategoricalCsvLayout(
            "CSV part1 (header) + part2 (no header) in order; label col 2; 21 categorical Avazu fields (id and the constant hour dropped)",
            ["part1_header_rows1-8999.csv", "part2_rows9000-9999.csv"], [24, 24], [true, false], labelField: 1,
            CategoricalCsvLayout.Named(AvazuNames, 3)),
        new CategoricalCsvLayout(
            "CSV train_sample.csv; label is_attributed; categorical ip, app, device, os, channel, hour of click_time (attributed_time dropped: it leaks the label)",
            ["train_sample.csv"], [8], [true], labelField: 7,
            CategoricalCsvLayout.Named(["ip", "app", "device", "os", "channel"], 0),
            fields => [("hour", fields[5].Length >= 13 ? fields[5][11..13] : "")]),
        new MovieLensLayout(oneMillion: true),
        new MovieLensLayout(oneMillion: false),
    ];

    /// <summary><paramref name="entries"/> plus the data sets of <paramref name="dataFolder"/> (when given), restricted
    /// to the names in <paramref name="only"/> (when given).</summary>
    public static List<DatasetEntry> Select(IEnumerable<DatasetEntry> entries, string? dataFolder, IReadOnlyCollection<string>? only)
    {
        var all = entries.ToList();
        if (dataFolder is not null)
            all.AddRange(Discover(dataFolder));
        if (only is { Count: > 0 })
        {
            var unknown = only.Where(name => all.All(e => e.Name != name)).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException($"--datasets names {string.Join(", ", unknown)}, which are not among {string.Join(", ", all.Select(e => e.Name))}.");
            all = all.Where(e => only.Contains(e.Name)).ToList();
        }
        return all;
    }

    /// <summary>The data sets of <paramref name="entries"/>, each loaded with at most <paramref name="maxRows"/> rows and
    /// described on the console as it is reached; a skipped entry becomes a "skipped" row of <paramref name="report"/>
    /// (with its reason) instead.</summary>
    public static IEnumerable<BenchDataset> Load(IEnumerable<DatasetEntry> entries, long maxRows, BenchReport report)
    {
        foreach (var entry in entries)
        {
            if (entry.Skipped)
            {
                Console.WriteLine($"{entry.Name}: skipped ({entry.SkipReason})");
                report.Results.Add(new BenchResult { Dataset = entry.Name, Model = "skipped", Note = entry.SkipReason });
                continue;
            }
            var dataset = entry.Load!(maxRows);
            Console.WriteLine($"{dataset.Name}: {dataset.Description}");
            yield return dataset;
        }
    }

    /// <summary>One entry per sub-folder of <paramref name="root"/>, in name order.</summary>
    public static IReadOnlyList<DatasetEntry> Discover(string root)
    {
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"--data folder '{root}' does not exist.");
        var entries = new List<DatasetEntry>();
        foreach (var folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(folder);
            if (!File.Exists(Path.Combine(folder, "SOURCE.md")))
            {
                entries.Add(new DatasetEntry(name, null, "no SOURCE.md describing its layout"));
                continue;
            }
            var layout = Layouts.FirstOrDefault(l => l.Matches(folder));
            if (layout is null)
            {
                var files = string.Join(", ", Directory.GetFiles(folder).Select(Path.GetFileName).Where(f => f != "SOURCE.md").Order());
                entries.Add(new DatasetEntry(name, null, $"no reader for this layout (files: {files})"));
                continue;
            }
            entries.Add(new DatasetEntry(name, maxRows =>
            {
                var table = layout.Read(folder);
                var used = table.Subsample(maxRows, seed: 0);
                string rows = used.RowCount < table.RowCount ? $"; {used.RowCount:N0} of {table.RowCount:N0} rows drawn at random (seed 0)" : $"; {table.RowCount:N0} rows";
                return new BenchDataset(name, used.ToDataView(), null, layout.Description + rows);
            }, null));
        }
        return entries;
    }
}

using System.Globalization;
using System.IO.Compression;

namespace Fleet.Agent.Tracks;

/// <summary>
/// Loads real drives from the shared research data (never shipped with the product): Aalto Helsinki
/// public transport phone GPS, Norwegian HSDPA commute logs, Irish 5G driving logs. All tracks come
/// back cleaned and resampled to 1 Hz.
/// </summary>
public static class TrackLibrary
{
    private static readonly TimeSpan MinTrip = TimeSpan.FromMinutes(3);

    public static List<Track> LoadAll(string dataDir)
    {
        var tracks = new List<Track>();
        var aalto = Path.Combine(dataDir, "gps", "aalto_helsinki_public_transport", "device_data.csv");
        if (File.Exists(aalto))
        {
            tracks.AddRange(LoadAalto(aalto));
        }

        var norway = Path.Combine(dataDir, "cellular_traces", "norway_hsdpa_3g_raw");
        if (Directory.Exists(norway))
        {
            foreach (var file in Directory.GetFiles(norway, "*.log").Order(StringComparer.Ordinal))
            {
                tracks.AddRange(LoadNorway(file));
            }
        }

        var irish = Path.Combine(dataDir, "cellular_traces", "irish_5g_raca2020");
        if (Directory.Exists(irish))
        {
            foreach (var file in Directory.GetFiles(irish, "*.csv.gz", SearchOption.AllDirectories)
                .Where(f => f.Contains($"{Path.DirectorySeparatorChar}Driving{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal))
            {
                tracks.AddRange(LoadIrish(file));
            }
        }

        return tracks.Select(TrackResampler.ToOneHz).ToList();
    }

    /// <summary>time,device_id,lat,lng,...: Android fused location about every 10 s; one trip per device and gap.</summary>
    public static IEnumerable<Track> LoadAalto(string path)
    {
        var byDevice = new Dictionary<string, List<TrackPoint>>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var f = line.Split(',');
            if (f.Length >= 4
                && DateTimeOffset.TryParse(f[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                && TryDouble(f[2], out var lat) && TryDouble(f[3], out var lon))
            {
                if (!byDevice.TryGetValue(f[1], out var list))
                {
                    byDevice[f[1]] = list = [];
                }

                list.Add(new TrackPoint(t, lat, lon));
            }
        }

        return byDevice.OrderBy(d => d.Key, StringComparer.Ordinal)
            .SelectMany(d => TrackCleaner.SplitIntoTrips($"aalto-device{d.Key}", d.Value, TimeSpan.FromSeconds(120), MinTrip));
    }

    /// <summary>unix_ts mono_ms lat lon bytes ms: about one line per second.</summary>
    public static IEnumerable<Track> LoadNorway(string path)
    {
        var points = new List<TrackPoint>();
        foreach (var line in File.ReadLines(path))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 4 && long.TryParse(f[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ts)
                && TryDouble(f[2], out var lat) && TryDouble(f[3], out var lon))
            {
                points.Add(new TrackPoint(DateTimeOffset.FromUnixTimeSeconds(ts), lat, lon));
            }
        }

        var name = "norway-" + Path.GetFileName(path).Split('-')[0];
        return TrackCleaner.SplitIntoTrips(name, points, TimeSpan.FromSeconds(60), MinTrip);
    }

    /// <summary>Timestamp (yyyy.MM.dd_HH.mm.ss, local, repeats),Longitude,Latitude,Speed,...; only relative time matters here.</summary>
    public static IEnumerable<Track> LoadIrish(string path)
    {
        var points = new List<TrackPoint>();
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress)))
        {
            reader.ReadLine();
            while (reader.ReadLine() is { } line)
            {
                var f = line.Split(',');
                if (f.Length >= 3
                    && DateTime.TryParseExact(f[0], "yyyy.MM.dd_HH.mm.ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
                    && TryDouble(f[1], out var lon) && TryDouble(f[2], out var lat))
                {
                    points.Add(new TrackPoint(new DateTimeOffset(t, TimeSpan.Zero), lat, lon));
                }
            }
        }

        // Rows repeat a timestamp (1 s resolution): keep the first of each second.
        var unique = points.GroupBy(p => p.Time).Select(g => g.First());
        var name = "ireland-" + Path.GetFileNameWithoutExtension(Path.GetFileNameWithoutExtension(path));
        return TrackCleaner.SplitIntoTrips(name, unique, TimeSpan.FromSeconds(60), MinTrip);
    }

    /// <summary>../shared/data next to the folder holding Fleet.sln, if it exists.</summary>
    /// <remarks>Searched above the binary first, then above the working directory (binaries built elsewhere).</remarks>
    public static string? DefaultDataDir()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
                {
                    var data = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                    if (Directory.Exists(data))
                    {
                        return data;
                    }

                    break;
                }
            }
        }

        return null;
    }

    private static bool TryDouble(string s, out double v) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v);
}

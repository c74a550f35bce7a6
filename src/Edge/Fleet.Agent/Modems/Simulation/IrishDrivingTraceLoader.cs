using System.Globalization;
using System.IO.Compression;

namespace Fleet.Agent.Modems.Simulation;

/// <summary>
/// Loads a G-NetTrack Pro CSV (the Irish 5G data set of Raca et al. 2020, *.csv.gz) as route points.
/// Timestamps are local "yyyy.MM.dd_HH.mm.ss" at 1 s resolution and repeat; "-" is a missing value; the
/// operator is anonymised to "A"/"B", so the caller supplies the name and MCC/MNC to present.
/// </summary>
public static class IrishDrivingTraceLoader
{
    /// <summary>Fictional but well-formed presentation of the anonymised operators (Irish MCC 272).</summary>
    public static readonly IReadOnlyDictionary<string, (string Name, string MccMnc)> DefaultOperators =
        new Dictionary<string, (string, string)> { ["A"] = ("Operator A", "27201"), ["B"] = ("Operator B", "27205") };

    public static IReadOnlyList<RoutePoint> Load(string path, IReadOnlyDictionary<string, (string Name, string MccMnc)>? operators = null)
    {
        using var file = File.OpenRead(path);
        Stream input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(input);
        return Parse(reader, operators ?? DefaultOperators);
    }

    public static IReadOnlyList<RoutePoint> Parse(TextReader reader, IReadOnlyDictionary<string, (string Name, string MccMnc)> operators)
    {
        var header = reader.ReadLine()?.Split(',') ?? throw new InvalidDataException("empty trace");
        int Col(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidDataException($"trace has no '{name}' column");
        int ts = Col("Timestamp"), lon = Col("Longitude"), lat = Col("Latitude"), speed = Col("Speed"), op = Col("Operatorname"),
            cell = Col("CellID"), mode = Col("NetworkMode"), rsrp = Col("RSRP"), rsrq = Col("RSRQ"), snr = Col("SNR"), rssi = Col("RSSI"),
            lacHex = Array.IndexOf(header, "LACHEX"), rawCell = Array.IndexOf(header, "RAWCELLID");

        var points = new List<RoutePoint>();
        DateTime? start = null;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var f = line.Split(',');
            if (f.Length < header.Length - 2
                || !DateTime.TryParseExact(f[ts], "yyyy.MM.dd_HH.mm.ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
                || Num(f[lat]) is not { } latitude || Num(f[lon]) is not { } longitude)
            {
                continue;
            }

            start ??= time;
            var (name, mccMnc) = operators.TryGetValue(f[op], out var o) ? o : ("Operator " + f[op], "00101");
            var cellId = rawCell >= 0 && long.TryParse(f[rawCell], out var raw) ? raw : long.TryParse(f[cell], out var c) ? c : 0;
            var tac = lacHex >= 0 && int.TryParse(f[lacHex], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var t) ? t : 0;
            points.Add(new RoutePoint(time - start.Value, latitude, longitude, Num(f[speed]), Int(f[rsrp]), Int(f[rsrq]), Num(f[snr]), Int(f[rssi]),
                name, mccMnc, cellId, tac, f[mode]));
        }

        return points;
    }

    private static double? Num(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static int? Int(string s) => Num(s) is { } v ? (int)Math.Round(v) : null;
}

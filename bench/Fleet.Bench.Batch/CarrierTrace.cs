using System.Globalization;
using System.IO.Compression;

namespace Fleet.Bench.Batch;

/// <summary>
/// One second of an Irish 5G driving trace (G-NetTrack CSV, Raca et al. 2020): position, radio and measured
/// throughput. The trace logs several rows per second; the first row of each second is kept.
/// </summary>
internal sealed record TraceSecond(
    double Latitude,
    double Longitude,
    double SpeedKmh,
    int? Rsrp,
    int? Rsrq,
    double? Snr,
    int? Rssi,
    long CellId,
    string NetworkMode,
    int DlKbps,
    int UlKbps,
    double? PingMs,
    double? PingLossPercent);

internal static class CarrierTrace
{
    public static List<TraceSecond> Load(string path)
    {
        using var file = File.OpenRead(path);
        using var reader = new StreamReader(new GZipStream(file, CompressionMode.Decompress));
        var header = reader.ReadLine()!.Split(',');
        int Col(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidDataException($"{path}: no '{name}' column");
        int ts = Col("Timestamp"), lon = Col("Longitude"), lat = Col("Latitude"), speed = Col("Speed"), cell = Col("RAWCELLID"), mode = Col("NetworkMode"),
            rsrp = Col("RSRP"), rsrq = Col("RSRQ"), snr = Col("SNR"), rssi = Col("RSSI"), dl = Col("DL_bitrate"), ul = Col("UL_bitrate"),
            ping = Col("PINGAVG"), loss = Col("PINGLOSS");
        var seconds = new List<TraceSecond>();
        string? last = null;
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(',');
            if (f.Length < header.Length || f[ts] == last || Num(f[lat]) is not { } la || Num(f[lon]) is not { } lo)
            {
                continue;
            }

            last = f[ts];
            seconds.Add(new TraceSecond(
                la, lo, Num(f[speed]) ?? 0, Int(f[rsrp]), Int(f[rsrq]), Num(f[snr]), Int(f[rssi]),
                long.TryParse(f[cell], out var c) ? c : 0, f[mode], Int(f[dl]) ?? 0, Int(f[ul]) ?? 0, Num(f[ping]), Num(f[loss])));
        }

        return seconds;
    }

    private static double? Num(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

    private static int? Int(string s) => Num(s) is { } v ? (int)Math.Round(v) : null;
}

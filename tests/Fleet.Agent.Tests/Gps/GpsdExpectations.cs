using System.Globalization;
using System.IO.Compression;
using System.Text.Json;

namespace Fleet.Agent.Tests.Gps;

/// <summary>One gpsd TPV report from a *.log.chk.gz file.</summary>
internal sealed record GpsdTpv(DateTimeOffset Time, int Mode, double? Lat, double? Lon, double? Alt, double? Speed, double? Track);

/// <summary>Reads the gpsd regression logs and their expected JSON output.</summary>
internal static class GpsdExpectations
{
    public static string Folder => SharedData.Path("gps", "gpsd_nmea");

    /// <summary>Every TPV carrying a time, in output order.</summary>
    public static List<GpsdTpv> ReadTpvs(string log)
    {
        var result = new List<GpsdTpv>();
        using var gz = new GZipStream(File.OpenRead(log + ".chk.gz"), CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        while (reader.ReadLine() is { } line)
        {
            if (!line.StartsWith("{\"class\":\"TPV\"", StringComparison.Ordinal))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line);
            var o = doc.RootElement;
            if (!o.TryGetProperty("time", out var t))
            {
                continue;
            }

            result.Add(new GpsdTpv(
                DateTimeOffset.Parse(t.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                o.GetProperty("mode").GetInt32(),
                Num(o, "lat"),
                Num(o, "lon"),
                Num(o, "altMSL") ?? Num(o, "alt"),
                Num(o, "speed"),
                Num(o, "track")));
        }

        return result;
    }

    /// <summary>
    /// The reference date for 10-bit GPS week correction that reproduces gpsd's output: gpsd trusted the
    /// receiver's date for logs with a "# Date:" header or none, but resolved the two logs whose header it
    /// could not read ("# Date = ...") against its build date, which moved their 2014/2015 dates forward
    /// by 1024 weeks.
    /// </summary>
    public static DateOnly RolloverReference(string log)
    {
        foreach (var line in File.ReadLines(log))
        {
            if (!line.StartsWith('#'))
            {
                break;
            }

            if (line.TrimStart('#', ' ').StartsWith("Date =", StringComparison.Ordinal))
            {
                return new DateOnly(2024, 6, 1);
            }
        }

        return new DateOnly(1980, 1, 6);
    }

    private static double? Num(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}

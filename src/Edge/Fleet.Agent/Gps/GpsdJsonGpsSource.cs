using System.Globalization;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Fleet.Agent.Gps;

/// <summary>gpsd's JSON protocol on TCP 2947: enable watching, then turn each TPV report into a fix.</summary>
public sealed class GpsdJsonGpsSource(string host, int port) : IGpsSource
{
    public const string WatchCommand = "?WATCH={\"enable\":true,\"json\":true}\n";

    public async IAsyncEnumerable<GpsFix> ReadFixesAsync([EnumeratorCancellation] CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, ct).ConfigureAwait(false);
        using var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(WatchCommand), ct).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            if (ParseTpv(line) is { } fix)
            {
                yield return fix;
            }
        }
    }

    /// <summary>A TPV report with a time becomes a fix; anything else (VERSION, DEVICES, SKY, bad JSON) is null.</summary>
    public static GpsFix? ParseTpv(string line)
    {
        if (!line.Contains("\"TPV\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(line);
            var o = doc.RootElement;
            if (o.ValueKind != JsonValueKind.Object
                || !o.TryGetProperty("class", out var cls) || cls.GetString() != "TPV"
                || !o.TryGetProperty("time", out var t)
                || !DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                return null;
            }

            var mode = o.TryGetProperty("mode", out var m) && m.TryGetInt32(out var mi) && mi is >= 0 and <= 3 ? (GpsFixMode)mi : GpsFixMode.Unknown;
            var lat = Num(o, "lat");
            var lon = Num(o, "lon");
            var has = mode >= GpsFixMode.Fix2D && lat is not null && lon is not null;
            return new GpsFix(
                time.ToUniversalTime(),
                has ? lat : null,
                has ? lon : null,
                has ? Num(o, "altMSL") ?? Num(o, "alt") : null,
                has ? Num(o, "speed") : null,
                has ? Num(o, "track") : null,
                mode == GpsFixMode.Unknown ? GpsFixMode.NoFix : mode,
                null,
                null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static double? Num(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}

using Fleet.Contracts.Telemetry;

namespace Fleet.Central.Tests.Coverage;

/// <summary>One GPS fix of a synthetic or replayed drive.</summary>
public readonly record struct Fix(long UnixMs, double Lat, double Lon);

/// <summary>What one link measured in one second.</summary>
public readonly record struct LinkValues(uint RateKbps, uint RttMs, LinkState State, int RsrpDbm, ulong TxBytes = 0, ulong RxBytes = 0);

/// <summary>One carrier's uplink: its identity and what it measured at fix i.</summary>
public sealed record LinkSpec(string LinkName, string Iccid, string Operator, string MccMnc, Func<int, LinkValues> At);

/// <summary>Builds wire batches the way the agent does (columnar, delta-encoded) with several links per
/// batch and every link metric the coverage and finance code read.</summary>
public static class LinkBatches
{
    public static TelemetryBatch Build(IReadOnlyList<Fix> fixes, IReadOnlyList<LinkSpec> links, uint sequence = 1)
    {
        var baseMs = fixes[0].UnixMs;
        var positions = new PositionSeries { BaseUnixMs = baseMs };
        long previousMs = baseMs, previousLat = 0, previousLon = 0;
        foreach (var fix in fixes)
        {
            var lat = (long)Math.Round(fix.Lat * 1e7);
            var lon = (long)Math.Round(fix.Lon * 1e7);
            positions.TimeDeltaMs.Add(fix.UnixMs - previousMs);
            positions.LatE7Delta.Add((int)(lat - previousLat));
            positions.LonE7Delta.Add((int)(lon - previousLon));
            positions.FixMode.Add(3);
            positions.SpeedCmS.Add(1000);
            (previousMs, previousLat, previousLon) = (fix.UnixMs, lat, lon);
        }

        var batch = new TelemetryBatch
        {
            BatchId = Guid.NewGuid().ToString(),
            StartUnixMs = baseMs,
            EndUnixMs = fixes[^1].UnixMs + 1,
            Sequence = sequence,
            Positions = positions,
            AgentVersion = "test",
        };
        foreach (var spec in links)
        {
            var series = new LinkSeries
            {
                LinkName = spec.LinkName, Iccid = spec.Iccid, OperatorName = spec.Operator, MccMnc = spec.MccMnc, BaseUnixMs = baseMs,
            };
            long previous = baseMs;
            var previousRsrp = 0;
            for (var i = 0; i < fixes.Count; i++)
            {
                var v = spec.At(i);
                series.TimeDeltaMs.Add(fixes[i].UnixMs - previous);
                previous = fixes[i].UnixMs;
                series.RateKbps.Add(v.RateKbps);
                series.RttMs.Add(v.RttMs);
                series.State.Add((uint)v.State);
                series.RsrpDbmDelta.Add(v.RsrpDbm - previousRsrp);
                previousRsrp = v.RsrpDbm;
                series.TxBytes.Add(v.TxBytes);
                series.RxBytes.Add(v.RxBytes);
            }
            batch.Links.Add(series);
        }
        return batch;
    }

    /// <summary>A parked vehicle: <paramref name="count"/> one-second fixes at one place from <paramref name="start"/>.</summary>
    public static List<Fix> Parked(DateTimeOffset start, int count, double lat = 59.91, double lon = 10.75) =>
        Enumerable.Range(0, count).Select(i => new Fix(start.ToUnixTimeMilliseconds() + (i * 1000L), lat, lon)).ToList();

    /// <summary>An ICCID with a valid Luhn check digit (19 digits: "89" + 16 + check).</summary>
    public static string Iccid(long serial)
    {
        var payload = $"8947{serial:D14}";
        return payload + Fleet.Central.Finance.Iccid.CheckDigitFor(payload);
    }
}

using System.Globalization;
using Fleet.Contracts.Telemetry;

namespace Fleet.Central.Tests.Infrastructure;

/// <summary>One recorded second of a real drive: time, GPS fix and measured throughput.</summary>
public sealed record DriveSample(long UnixMs, double Latitude, double Longitude, uint RateKbps);

/// <summary>Builds wire batches the way the agent does (columnar, delta-encoded) from recorded drives.</summary>
public static class TestBatches
{
    /// <summary>The Telenor 3G bus log (Ljansbakken → Oslo): one line per second with GPS and throughput.</summary>
    public static IReadOnlyList<DriveSample> NorwayBus(int count, int skip = 0)
    {
        var path = Path.Combine(RepoPaths.SharedData, "cellular_traces", "norway_hsdpa_3g_raw",
            "bus.ljansbakken-oslo-report.2010-09-28_1407CEST.log");
        return File.ReadLines(path)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(cols => cols.Length >= 6)
            .Skip(skip)
            .Take(count)
            .Select((cols, i) =>
            {
                var bytes = double.Parse(cols[4], CultureInfo.InvariantCulture);
                var ms = Math.Max(1, double.Parse(cols[5], CultureInfo.InvariantCulture));
                // Seconds of the log repeat when the logger lagged: give each sample its own millisecond.
                var unixMs = long.Parse(cols[0], CultureInfo.InvariantCulture) * 1000 + i % 1000;
                return new DriveSample(unixMs,
                    double.Parse(cols[2], CultureInfo.InvariantCulture),
                    double.Parse(cols[3], CultureInfo.InvariantCulture),
                    (uint)(bytes * 8 / ms));
            })
            .ToList();
    }

    public static TelemetryBatch Encode(IReadOnlyList<DriveSample> samples, string? batchId = null, uint sequence = 1)
    {
        var baseMs = samples[0].UnixMs;
        var positions = new PositionSeries { BaseUnixMs = baseMs };
        var link = new LinkSeries
        {
            LinkName = "wwan0", Iccid = "8947080012345678901", OperatorName = "Telenor", MccMnc = "24201",
            BaseUnixMs = baseMs,
        };
        long previousMs = baseMs, previousLat = 0, previousLon = 0;
        foreach (var sample in samples)
        {
            var lat = (long)Math.Round(sample.Latitude * 1e7);
            var lon = (long)Math.Round(sample.Longitude * 1e7);
            positions.TimeDeltaMs.Add(sample.UnixMs - previousMs);
            positions.LatE7Delta.Add((int)(lat - previousLat));
            positions.LonE7Delta.Add((int)(lon - previousLon));
            positions.FixMode.Add(3);
            positions.SpeedCmS.Add(1000);
            link.TimeDeltaMs.Add(sample.UnixMs - previousMs);
            link.RateKbps.Add(sample.RateKbps);
            link.RttMs.Add(60);
            link.State.Add((uint)LinkState.Up);
            previousMs = sample.UnixMs;
            previousLat = lat;
            previousLon = lon;
        }
        var health = new HealthSeries { BaseUnixMs = baseMs };
        health.TimeDeltaMs.Add(0);
        health.CpuTempC10.Add(512);
        health.OutboxBacklog.Add(0);

        var batch = new TelemetryBatch
        {
            BatchId = batchId ?? Guid.NewGuid().ToString(),
            StartUnixMs = baseMs,
            EndUnixMs = samples[^1].UnixMs + 1,
            Sequence = sequence,
            Positions = positions,
            Health = health,
            AgentVersion = "test",
        };
        batch.Links.Add(link);
        return batch;
    }
}

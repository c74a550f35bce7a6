using Fleet.Contracts.Telemetry;
using Google.Protobuf;

namespace Fleet.Bench.Ingest;

/// <summary>Ten-minute batches of a simulated vehicle, encoded as the agent encodes them (columnar,
/// delta-encoded series: fleet/telemetry.proto, Fleet.Agent's BatchEncoder): GPS at 1 Hz, four carriers
/// at 1 Hz, health every 10 s. Deterministic per vehicle index, so runs are comparable.</summary>
public static class SimulatedFleet
{
    public const int BatchSeconds = 600;
    public const int Carriers = 4;
    public const int HealthEverySeconds = 10;

    /// <summary>Rows one batch stores: positions + link samples + health samples.</summary>
    public const int RowsPerBatch = BatchSeconds + Carriers * BatchSeconds + BatchSeconds / HealthEverySeconds;

    /// <summary>Rows per second the whole fleet produces (the real-time baseline).</summary>
    public static double RowsPerSecond(int vehicles) => vehicles * (double)RowsPerBatch / BatchSeconds;

    private static readonly string[] Operators = ["Telenor", "Telia", "Ice", "Lyse"];
    private static readonly string[] MccMnc = ["24201", "24202", "24214", "24206"];

    /// <summary>The serialized upload (what travels in UploadBatch) for vehicle <paramref name="index"/>.</summary>
    public static byte[] EncodeBatch(int index, long startUnixMs, uint sequence) =>
        Batch(index, startUnixMs, sequence).ToByteArray();

    public static TelemetryBatch Batch(int index, long startUnixMs, uint sequence)
    {
        var random = new Random(index * 7919 + (int)sequence);
        var batch = new TelemetryBatch
        {
            BatchId = Guid.NewGuid().ToString(),
            Sequence = sequence,
            StartUnixMs = startUnixMs,
            EndUnixMs = startUnixMs + BatchSeconds * 1000L,
            AgentVersion = "bench",
            Positions = Positions(random, index, startUnixMs),
            Health = Health(random, startUnixMs),
        };
        for (var c = 0; c < Carriers; c++)
            batch.Links.Add(Link(random, c, startUnixMs));
        return batch;
    }

    private static PositionSeries Positions(Random random, int index, long startUnixMs)
    {
        // Vehicles spread over southern Norway / Sweden, driving at 5-25 m/s on a slowly turning course.
        var s = new PositionSeries { BaseUnixMs = startUnixMs };
        int lat = 580_000_000 + index % 400 * 100_000, lon = 80_000_000 + index / 400 * 500_000, alt = 1_000;
        double course = random.NextDouble() * 360;
        int pLat = 0, pLon = 0, pAlt = 0;
        for (var i = 0; i < BatchSeconds; i++)
        {
            var speed = 5 + random.NextDouble() * 20;
            course = (course + random.NextDouble() * 6 - 3 + 360) % 360;
            lat += (int)(Math.Cos(course * Math.PI / 180) * speed * 90);      // ~1e7 / 111 km per metre
            lon += (int)(Math.Sin(course * Math.PI / 180) * speed * 170);
            alt += random.Next(-3, 4);
            s.TimeDeltaMs.Add(i == 0 ? 0 : 1000);
            s.LatE7Delta.Add(unchecked(lat - pLat));
            s.LonE7Delta.Add(unchecked(lon - pLon));
            s.AltDmDelta.Add(unchecked(alt - pAlt));
            s.SpeedCmS.Add((uint)(speed * 100));
            s.CourseCdeg.Add((uint)(course * 100));
            s.FixMode.Add(3);
            s.Satellites.Add((uint)random.Next(6, 14));
            s.HdopCenti.Add((uint)random.Next(70, 200));
            (pLat, pLon, pAlt) = (lat, lon, alt);
        }
        return s;
    }

    private static LinkSeries Link(Random random, int carrier, long startUnixMs)
    {
        var s = new LinkSeries
        {
            LinkName = $"wwan{carrier}",
            Iccid = $"89470{carrier}00123456789{carrier}",
            OperatorName = Operators[carrier],
            MccMnc = MccMnc[carrier],
            BaseUnixMs = startUnixMs,
        };
        int rssi = -70, rsrp = -95, rsrq = -100, sinr = 120;
        int pRssi = 0, pRsrp = 0, pRsrq = 0, pSinr = 0;
        uint cell = (uint)random.Next(1_000, 1_000_000);
        for (var i = 0; i < BatchSeconds; i++)
        {
            rssi = Math.Clamp(rssi + random.Next(-2, 3), -110, -50);
            rsrp = Math.Clamp(rsrp + random.Next(-2, 3), -130, -70);
            rsrq = Math.Clamp(rsrq + random.Next(-5, 6), -200, -30);
            sinr = Math.Clamp(sinr + random.Next(-10, 11), -50, 300);
            if (random.Next(60) == 0)
                cell = (uint)random.Next(1_000, 1_000_000);
            var rate = (uint)random.Next(500, 40_000);
            s.TimeDeltaMs.Add(i == 0 ? 0 : 1000);
            s.TxBytes.Add((ulong)rate * 40);   // bytes in this second: ~1/3 of the rate up, 2/3 down
            s.RxBytes.Add((ulong)rate * 85);
            s.RateKbps.Add(rate);
            s.RttMs.Add((uint)random.Next(30, 180));
            s.LossPermille.Add((uint)random.Next(0, 30));
            s.WeightPermille.Add((uint)random.Next(100, 400));
            s.State.Add((uint)LinkState.Up);
            s.RssiDbmDelta.Add(rssi - pRssi);
            s.RsrpDbmDelta.Add(rsrp - pRsrp);
            s.RsrqDb10Delta.Add(rsrq - pRsrq);
            s.SinrDb10Delta.Add(sinr - pSinr);
            s.AccessTech.Add(7);
            s.CellId.Add(cell);
            s.Registration.Add(1);
            (pRssi, pRsrp, pRsrq, pSinr) = (rssi, rsrp, rsrq, sinr);
        }
        return s;
    }

    private static HealthSeries Health(Random random, long startUnixMs)
    {
        var s = new HealthSeries { BaseUnixMs = startUnixMs };
        for (var i = 0; i < BatchSeconds / HealthEverySeconds; i++)
        {
            s.TimeDeltaMs.Add(i == 0 ? 0 : HealthEverySeconds * 1000);
            s.CpuTempC10.Add(random.Next(400, 700));
            s.SsdTempC10.Add(random.Next(300, 550));
            s.CpuLoadPermille.Add((uint)random.Next(50, 900));
            s.MemUsedPermille.Add((uint)random.Next(200, 700));
            s.DiskFreeMb.Add((ulong)random.Next(10_000, 60_000));
            s.SmartOk.Add(1);
            s.OutboxBacklog.Add((uint)random.Next(0, 3));
        }
        return s;
    }
}

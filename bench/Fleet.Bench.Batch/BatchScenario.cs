using Fleet.Agent.Telemetry;
using Fleet.Contracts.Telemetry;

namespace Fleet.Bench.Batch;

/// <summary>
/// Ten minutes of a 4-carrier vehicle: 600 GPS fixes (1 Hz, the first trace's real track), 4 × 600 link samples
/// replayed from four driving traces (throughput, ping, signal, cell), 60 health samples.
/// </summary>
internal static class BatchScenario
{
    public const int Seconds = 600;

    public static List<TelemetrySample> Build(IReadOnlyList<List<TraceSecond>> carriers, long startMs)
    {
        var random = new Random(42);
        var samples = new List<TelemetrySample>();
        var gps = carriers[0];
        var altDm = 850;
        for (var s = 0; s < Seconds; s++)
        {
            var p = gps[s];
            var next = gps[Math.Min(s + 1, gps.Count - 1)];
            altDm += random.Next(-3, 4);
            samples.Add(new PositionSample(
                startMs + (s * 1000L) + random.Next(0, 3), // receivers stamp fixes a millisecond or two late
                (int)Math.Round(p.Latitude * 1e7),
                (int)Math.Round(p.Longitude * 1e7),
                altDm,
                (uint)Math.Round(p.SpeedKmh / 3.6 * 100),
                (uint)Math.Round(Bearing(p, next) * 100) % 36000,
                3,
                (uint)random.Next(8, 13),
                (uint)random.Next(70, 140)));
        }

        var names = new[] { "wwan0", "wwan1", "wwan2", "wwan3" };
        var operators = new[] { ("Operator A", "27201"), ("Operator B", "27205"), ("Operator C", "27203"), ("Operator D", "27202") };
        for (var c = 0; c < carriers.Count; c++)
        {
            double rtt = 40;
            for (var s = 0; s < Seconds; s++)
            {
                var t = carriers[c][s];
                var total = Enumerable.Range(0, carriers.Count).Sum(k => (double)carriers[k][s].DlKbps) + 1;

                // Ping is logged only now and then: between measurements the bonding engine's smoothed RTT wanders.
                rtt = t.PingMs is { } ping ? ping : Math.Clamp(rtt + random.Next(-4, 5) + (t.Snr is < 0 ? 3 : 0), 15, 400);
                var loss = t.PingLossPercent is { } lp ? (uint)Math.Round(lp * 10) : t.Snr is < 0 ? (uint)random.Next(0, 40) : (uint)(random.Next(0, 10) == 0 ? random.Next(1, 8) : 0);
                samples.Add(new LinkSample(
                    names[c],
                    startMs + (s * 1000L) + 500 + random.Next(0, 2),
                    (ulong)(t.UlKbps * 125L),
                    (ulong)(t.DlKbps * 125L),
                    (uint)t.DlKbps,
                    (uint)Math.Round(rtt),
                    loss,
                    (uint)Math.Round(1000 * t.DlKbps / total),
                    t.DlKbps > 0 ? LinkState.Up : LinkState.Degraded,
                    t.Rssi ?? 0,
                    t.Rsrp ?? 0,
                    (t.Rsrq ?? 0) * 10,
                    (int)Math.Round((t.Snr ?? 0) * 10),
                    t.NetworkMode switch { "5G" => AccessTech.Nr5GNsa, "LTE" => AccessTech.Lte, "HSPA+" or "HSDPA" or "HSUPA" => AccessTech.Hspa, "UMTS" => AccessTech.Umts, _ => AccessTech.Unknown },
                    (ulong)t.CellId,
                    RegistrationState.RegistrationHome,
                    $"89353{c:D2}00000000{c:D5}",
                    operators[c].Item1,
                    operators[c].Item2));
            }
        }

        var cpu = 520;
        for (var h = 0; h < Seconds / 10; h++)
        {
            cpu += random.Next(-5, 6);
            samples.Add(new HealthSample(startMs + (h * 10_000L) + 250, cpu, 410 + random.Next(-2, 3), (uint)random.Next(80, 300), 412, 96_000 - (ulong)h, 1, 0));
        }

        return samples;
    }

    private static double Bearing(TraceSecond a, TraceSecond b)
    {
        var (la1, la2) = (a.Latitude * Math.PI / 180, b.Latitude * Math.PI / 180);
        var dl = (b.Longitude - a.Longitude) * Math.PI / 180;
        var deg = Math.Atan2(Math.Sin(dl) * Math.Cos(la2), (Math.Cos(la1) * Math.Sin(la2)) - (Math.Sin(la1) * Math.Cos(la2) * Math.Cos(dl))) * 180 / Math.PI;
        return (deg + 360) % 360;
    }
}

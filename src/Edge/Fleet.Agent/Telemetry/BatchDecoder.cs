using Fleet.Contracts.Telemetry;

namespace Fleet.Agent.Telemetry;

/// <summary>The samples of one batch, or why the batch cannot be read.</summary>
public sealed record DecodedBatch(
    IReadOnlyList<PositionSample> Positions,
    IReadOnlyList<LinkSample> Links,
    IReadOnlyList<HealthSample> Health,
    string? Error)
{
    public IEnumerable<TelemetrySample> All => Positions.Cast<TelemetrySample>().Concat(Links).Concat(Health);
}

/// <summary>Unpacks <see cref="BatchEncoder"/>'s output; ragged series are reported, not thrown.</summary>
public static class BatchDecoder
{
    public static DecodedBatch Decode(TelemetryBatch batch)
    {
        var positions = new List<PositionSample>();
        var links = new List<LinkSample>();
        var health = new List<HealthSample>();

        if (batch.Positions is { } p)
        {
            var n = p.TimeDeltaMs.Count;
            if (!SameLength(n, p.LatE7Delta.Count, p.LonE7Delta.Count, p.AltDmDelta.Count, p.SpeedCmS.Count, p.CourseCdeg.Count, p.FixMode.Count, p.Satellites.Count, p.HdopCenti.Count))
            {
                return Fail("positions: series have different lengths");
            }

            long t = p.BaseUnixMs;
            int lat = 0, lon = 0, alt = 0;
            for (var i = 0; i < n; i++)
            {
                t += p.TimeDeltaMs[i];
                lat = unchecked(lat + p.LatE7Delta[i]);
                lon = unchecked(lon + p.LonE7Delta[i]);
                alt = unchecked(alt + p.AltDmDelta[i]);
                positions.Add(new PositionSample(t, lat, lon, alt, p.SpeedCmS[i], p.CourseCdeg[i], p.FixMode[i], p.Satellites[i], p.HdopCenti[i]));
            }
        }

        foreach (var l in batch.Links)
        {
            var n = l.TimeDeltaMs.Count;
            if (!SameLength(n, l.TxBytes.Count, l.RxBytes.Count, l.RateKbps.Count, l.RttMs.Count, l.LossPermille.Count, l.WeightPermille.Count, l.State.Count, l.RssiDbmDelta.Count, l.RsrpDbmDelta.Count, l.RsrqDb10Delta.Count, l.SinrDb10Delta.Count, l.AccessTech.Count, l.CellId.Count, l.Registration.Count))
            {
                return Fail($"links[{l.LinkName}]: series have different lengths");
            }

            long t = l.BaseUnixMs;
            int rssi = 0, rsrp = 0, rsrq = 0, sinr = 0;
            for (var i = 0; i < n; i++)
            {
                t += l.TimeDeltaMs[i];
                rssi = unchecked(rssi + l.RssiDbmDelta[i]);
                rsrp = unchecked(rsrp + l.RsrpDbmDelta[i]);
                rsrq = unchecked(rsrq + l.RsrqDb10Delta[i]);
                sinr = unchecked(sinr + l.SinrDb10Delta[i]);
                links.Add(new LinkSample(
                    l.LinkName, t, l.TxBytes[i], l.RxBytes[i], l.RateKbps[i], l.RttMs[i], l.LossPermille[i], l.WeightPermille[i],
                    (LinkState)l.State[i], rssi, rsrp, rsrq, sinr, (AccessTech)l.AccessTech[i], l.CellId[i], (RegistrationState)l.Registration[i],
                    l.Iccid, l.OperatorName, l.MccMnc));
            }
        }

        if (batch.Health is { } h)
        {
            var n = h.TimeDeltaMs.Count;
            if (!SameLength(n, h.CpuTempC10.Count, h.SsdTempC10.Count, h.CpuLoadPermille.Count, h.MemUsedPermille.Count, h.DiskFreeMb.Count, h.SmartOk.Count, h.OutboxBacklog.Count))
            {
                return Fail("health: series have different lengths");
            }

            long t = h.BaseUnixMs;
            for (var i = 0; i < n; i++)
            {
                t += h.TimeDeltaMs[i];
                health.Add(new HealthSample(t, h.CpuTempC10[i], h.SsdTempC10[i], h.CpuLoadPermille[i], h.MemUsedPermille[i], h.DiskFreeMb[i], h.SmartOk[i], h.OutboxBacklog[i]));
            }
        }

        return new DecodedBatch(positions, links, health, null);
    }

    private static DecodedBatch Fail(string error) => new([], [], [], error);

    private static bool SameLength(int n, params int[] counts) => counts.All(c => c == n);
}

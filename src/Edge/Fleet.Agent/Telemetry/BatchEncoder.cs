using Fleet.Contracts.Telemetry;

namespace Fleet.Agent.Telemetry;

/// <summary>
/// Packs samples into the columnar, delta-encoded <see cref="TelemetryBatch"/>. Deltas are computed
/// with 32-bit wrap-around (a longitude jump from -180° to +180° is 3.6e9 units, more than an int
/// holds); adding them back with the same wrap-around restores the values exactly.
/// </summary>
public static class BatchEncoder
{
    public static TelemetryBatch Encode(
        string batchId,
        uint sequence,
        long startUnixMs,
        long endUnixMs,
        IEnumerable<TelemetrySample> samples,
        string agentVersion)
    {
        var batch = new TelemetryBatch
        {
            BatchId = batchId,
            Sequence = sequence,
            StartUnixMs = startUnixMs,
            EndUnixMs = endUnixMs,
            AgentVersion = agentVersion,
        };

        var ordered = samples.OrderBy(s => s.UnixMs).ToList();
        var positions = ordered.OfType<PositionSample>().ToList();
        if (positions.Count > 0)
        {
            batch.Positions = EncodePositions(positions);
        }

        foreach (var group in ordered.OfType<LinkSample>().GroupBy(l => l.LinkName, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            batch.Links.Add(EncodeLink(group.Key, group.ToList()));
        }

        var health = ordered.OfType<HealthSample>().ToList();
        if (health.Count > 0)
        {
            batch.Health = EncodeHealth(health);
        }

        return batch;
    }

    internal static int Delta(int current, int previous) => unchecked(current - previous);

    private static PositionSeries EncodePositions(List<PositionSample> samples)
    {
        var s = new PositionSeries { BaseUnixMs = samples[0].UnixMs };
        long t = s.BaseUnixMs;
        int lat = 0, lon = 0, alt = 0;
        foreach (var p in samples)
        {
            s.TimeDeltaMs.Add(p.UnixMs - t);
            s.LatE7Delta.Add(Delta(p.LatE7, lat));
            s.LonE7Delta.Add(Delta(p.LonE7, lon));
            s.AltDmDelta.Add(Delta(p.AltDm, alt));
            s.SpeedCmS.Add(p.SpeedCmS);
            s.CourseCdeg.Add(p.CourseCdeg);
            s.FixMode.Add(p.FixMode);
            s.Satellites.Add(p.Satellites);
            s.HdopCenti.Add(p.HdopCenti);
            (t, lat, lon, alt) = (p.UnixMs, p.LatE7, p.LonE7, p.AltDm);
        }

        return s;
    }

    private static LinkSeries EncodeLink(string name, List<LinkSample> samples)
    {
        // Identity fields describe the series; the latest non-empty value wins (a SIM swap starts a new batch at worst).
        var s = new LinkSeries
        {
            LinkName = name,
            Iccid = samples.LastOrDefault(x => x.Iccid.Length > 0)?.Iccid ?? "",
            OperatorName = samples.LastOrDefault(x => x.OperatorName.Length > 0)?.OperatorName ?? "",
            MccMnc = samples.LastOrDefault(x => x.MccMnc.Length > 0)?.MccMnc ?? "",
            BaseUnixMs = samples[0].UnixMs,
        };
        long t = s.BaseUnixMs;
        int rssi = 0, rsrp = 0, rsrq = 0, sinr = 0;
        foreach (var l in samples)
        {
            s.TimeDeltaMs.Add(l.UnixMs - t);
            s.TxBytes.Add(l.TxBytes);
            s.RxBytes.Add(l.RxBytes);
            s.RateKbps.Add(l.RateKbps);
            s.RttMs.Add(l.RttMs);
            s.LossPermille.Add(l.LossPermille);
            s.WeightPermille.Add(l.WeightPermille);
            s.State.Add((uint)l.State);
            s.RssiDbmDelta.Add(Delta(l.RssiDbm, rssi));
            s.RsrpDbmDelta.Add(Delta(l.RsrpDbm, rsrp));
            s.RsrqDb10Delta.Add(Delta(l.RsrqDb10, rsrq));
            s.SinrDb10Delta.Add(Delta(l.SinrDb10, sinr));
            s.AccessTech.Add((uint)l.AccessTech);
            s.CellId.Add(l.CellId);
            s.Registration.Add((uint)l.Registration);
            (t, rssi, rsrp, rsrq, sinr) = (l.UnixMs, l.RssiDbm, l.RsrpDbm, l.RsrqDb10, l.SinrDb10);
        }

        return s;
    }

    private static HealthSeries EncodeHealth(List<HealthSample> samples)
    {
        var s = new HealthSeries { BaseUnixMs = samples[0].UnixMs };
        long t = s.BaseUnixMs;
        foreach (var h in samples)
        {
            s.TimeDeltaMs.Add(h.UnixMs - t);
            s.CpuTempC10.Add(h.CpuTempC10);
            s.SsdTempC10.Add(h.SsdTempC10);
            s.CpuLoadPermille.Add(h.CpuLoadPermille);
            s.MemUsedPermille.Add(h.MemUsedPermille);
            s.DiskFreeMb.Add(h.DiskFreeMb);
            s.SmartOk.Add(h.SmartOk);
            s.OutboxBacklog.Add(h.OutboxBacklog);
            t = h.UnixMs;
        }

        return s;
    }
}

namespace Fleet.Agent.Telemetry;

/// <summary>
/// Per-uplink quality, sampled once per link interval. The bonding engine implements this with its
/// own metrics (rate, RTT, loss, weight); <see cref="SysfsLinkQualitySource"/> is the stand-in that
/// only knows interface counters.
/// </summary>
public interface ILinkQualitySource
{
    IReadOnlyList<LinkSample> Sample(long unixMs);
}

/// <summary>Device health (temperatures, load, disk, SMART); filled in by the Health feature.</summary>
public interface IHealthSource
{
    ValueTask<HealthSample?> SampleAsync(long unixMs, CancellationToken ct);
}

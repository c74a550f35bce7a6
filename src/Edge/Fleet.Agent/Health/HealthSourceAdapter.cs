using Fleet.Agent.Telemetry;

namespace Fleet.Agent.Health;

/// <summary>
/// Feeds the telemetry outbox: one <see cref="HealthSnapshot"/> per call, packed into the wire-sized
/// <see cref="HealthSample"/>. Unknown readings become 0 there (the sample has no "unknown"); SmartOk is 0 only
/// when some disk's SMART verdict is a failure. OutboxBacklog is filled in by the telemetry sampler.
/// </summary>
public sealed class HealthSourceAdapter(IHealthSampler sampler) : IHealthSource
{
    public async ValueTask<HealthSample?> SampleAsync(long unixMs, CancellationToken ct)
    {
        var s = await sampler.SampleAsync(ct).ConfigureAwait(false);
        return ToSample(s, unixMs);
    }

    public static HealthSample ToSample(HealthSnapshot s, long unixMs)
    {
        // Busy fraction when known (second sample on), else the 1-minute load per core.
        var load = s.Cpu is { } cpu ? cpu.Utilisation ?? (cpu.Load1 / Environment.ProcessorCount) : 0;
        return new HealthSample(
            unixMs,
            s.CpuTemperatureC is { } cpuT ? (int)Math.Round(cpuT * 10, MidpointRounding.AwayFromZero) : 0,
            s.SsdTemperatureC is { } ssdT ? (int)Math.Round(ssdT * 10, MidpointRounding.AwayFromZero) : 0,
            (uint)Math.Round(Math.Clamp(load, 0, 1) * 1000),
            s.Memory is { } m ? (uint)Math.Round(Math.Clamp(m.UsedFraction, 0, 1) * 1000) : 0,
            s.Disks.Count > 0 ? (ulong)(s.Disks[0].FreeBytes / (1024 * 1024)) : 0,
            s.Smart.Any(d => d.Passed == false) ? 0u : 1u,
            0);
    }
}

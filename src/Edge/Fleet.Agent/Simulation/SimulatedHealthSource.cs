using Fleet.Agent.Telemetry;

namespace Fleet.Agent.Simulation;

/// <summary>Plausible edge-box health: warm CPU that follows load, slowly filling disk.</summary>
public sealed class SimulatedHealthSource(int seed) : IHealthSource
{
    private readonly Random _random = new(seed);
    private ulong _diskFreeMb = 50_000;

    public ValueTask<HealthSample?> SampleAsync(long unixMs, CancellationToken ct)
    {
        var load = (uint)_random.Next(80, 450);
        _diskFreeMb -= (ulong)_random.Next(0, 2);
        return ValueTask.FromResult<HealthSample?>(new HealthSample(unixMs, 450 + (int)(load / 10) + _random.Next(0, 30), 380 + _random.Next(0, 20), load, (uint)_random.Next(300, 420), _diskFreeMb, 1, 0));
    }
}

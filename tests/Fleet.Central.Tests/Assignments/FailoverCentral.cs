using Fleet.Central.Tests.Infrastructure;

namespace Fleet.Central.Tests.Assignments;

/// <summary>A central with production-like but short timing: heartbeat every second, dead after 3
/// missed heartbeats, liveness checked every 500 ms.</summary>
public sealed class FailoverCentral : IAsyncLifetime
{
    public CentralFixture Central { get; } = new CentralFixture()
        .With("Aggregators:HeartbeatIntervalMs", "1000")
        .With("Aggregators:MissedHeartbeatLimit", "3")
        .With("Aggregators:LivenessCheckIntervalMs", "500");

    public Task InitializeAsync() => Central.InitializeAsync();

    public Task DisposeAsync() => Central.DisposeAsync();
}

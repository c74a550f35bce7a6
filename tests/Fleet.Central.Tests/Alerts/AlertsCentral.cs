using Fleet.Central.Tests.Infrastructure;

namespace Fleet.Central.Tests.Alerts;

/// <summary>Evaluation on demand (the tests call it), aggregation servers "down" after 1 s of silence and
/// fast webhook retries (200 ms, doubling, 3 tries).</summary>
public sealed class AlertsCentral : IAsyncLifetime
{
    public CentralFixture Central { get; } = new CentralFixture()
        .With("Alerts:EvaluationIntervalSeconds", "3600")
        .With("Alerts:AggregatorDownSeconds", "1")
        .With("Alerts:Webhooks:InitialBackoffMs", "200")
        .With("Alerts:Webhooks:MaxBackoffMs", "5000")
        .With("Alerts:Webhooks:MaxAttempts", "3")
        .With("Alerts:Webhooks:PollIntervalMs", "50")
        .With("Finance:UsageIntervalSeconds", "3600")
        .With("Coverage:AggregationIntervalSeconds", "3600");

    public Task InitializeAsync() => Central.InitializeAsync();

    public Task DisposeAsync() => Central.DisposeAsync();
}

using Fleet.Central.Tests.Infrastructure;

namespace Fleet.Central.Tests.Finance;

/// <summary>A central whose background jobs stay out of the way: the tests run aggregation and evaluation themselves.</summary>
public sealed class ManualJobsCentral : IAsyncLifetime
{
    public CentralFixture Central { get; } = new CentralFixture()
        .With("Finance:UsageIntervalSeconds", "3600")
        .With("Alerts:EvaluationIntervalSeconds", "3600")
        .With("Coverage:AggregationIntervalSeconds", "3600");

    public Task InitializeAsync() => Central.InitializeAsync();

    public Task DisposeAsync() => Central.DisposeAsync();
}

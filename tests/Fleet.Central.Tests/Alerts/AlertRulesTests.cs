using Fleet.Central.Alerts;
using Fleet.Central.Alerts.Data;
using Fleet.Central.Tests.Coverage;
using Fleet.Central.Tests.Infrastructure;
using Fleet.Contracts.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Central.Tests.Alerts;

/// <summary>The evaluator's rules against real telemetry in PostgreSQL: open once, keep, resolve.</summary>
public sealed class AlertRulesTests(AlertsCentral fixture) : IClassFixture<AlertsCentral>
{
    private CentralFixture Central => fixture.Central;
    private IAlertService Alerts => Central.App.Services.GetRequiredService<IAlertService>();
    private AlertEvaluator Evaluator => Central.App.Services.GetRequiredService<AlertEvaluator>();

    [Fact]
    public async Task VehicleOffline_SilentThenUploads_OneAlertThenResolved()
    {
        var agent = await EnrolledAgent.EnrollAsync(Central, "bus-alert-offline");
        var vehicleId = Guid.Parse(agent.VehicleId);
        await Evaluator.EvaluateOnceAsync(default);
        Assert.Empty(await Alerts.ListAsync(new AlertQuery(Kind: AlertKinds.VehicleOffline, VehicleId: vehicleId), default)); // just enrolled

        // Two hours without a batch.
        await Central.ScalarAsync<int>("UPDATE devices SET last_seen_at = now() - interval '2 hours' WHERE id = $1 RETURNING 1", Guid.Parse(agent.DeviceId));
        await Evaluator.EvaluateOnceAsync(default);
        var first = Assert.Single(await Alerts.ListAsync(new AlertQuery(Kind: AlertKinds.VehicleOffline, VehicleId: vehicleId), default));
        await Evaluator.EvaluateOnceAsync(default);
        var again = Assert.Single(await Alerts.ListAsync(new AlertQuery(Kind: AlertKinds.VehicleOffline, VehicleId: vehicleId), default));
        Assert.Equal(first.Id, again.Id);
        Assert.Equal("open", again.Status);
        Assert.True(again.LastSeenAt > first.LastSeenAt);
        Assert.Contains("bus-alert-offline", again.Title);

        // The box uploads again: resolved.
        await Central.Agents.UploadBatchAsync(TestBatches.Encode(TestBatches.NorwayBus(10)), agent.Credentials);
        await Evaluator.EvaluateOnceAsync(default);
        var resolved = Assert.Single(await Alerts.ListAsync(new AlertQuery(Kind: AlertKinds.VehicleOffline, VehicleId: vehicleId), default));
        Assert.Equal(first.Id, resolved.Id);
        Assert.Equal("resolved", resolved.Status);
        Assert.NotNull(resolved.ResolvedAt);
    }

    [Fact]
    public async Task LinkDown_TwentyMinutesDownOnOneLink_AlertForThatLinkOnlyThenResolvedWhenUp()
    {
        var agent = await EnrolledAgent.EnrollAsync(Central, "bus-alert-link");
        var vehicleId = Guid.Parse(agent.VehicleId);
        var start = DateTimeOffset.UtcNow.AddMinutes(-25);
        // 20 minutes of samples: wwan0 up throughout, wwan1 down throughout.
        var fixes = LinkBatches.Parked(start, 1200);
        await Central.Agents.UploadBatchAsync(LinkBatches.Build(fixes,
        [
            new LinkSpec("wwan0", LinkBatches.Iccid(5001), "Telenor", "24201", _ => new LinkValues(4000, 50, LinkState.Up, -85)),
            new LinkSpec("wwan1", LinkBatches.Iccid(5002), "Telia", "24202", _ => new LinkValues(0, 0, LinkState.Down, -125)),
        ]), agent.Credentials);

        await Evaluator.EvaluateOnceAsync(default);

        var alert = Assert.Single(await Alerts.ListAsync(new AlertQuery(Kind: AlertKinds.LinkDown, VehicleId: vehicleId), default));
        Assert.Contains("wwan1", alert.Title);
        Assert.Contains("Telia", alert.Title);
        Assert.Equal(AlertStatus.Open.ToString().ToLowerInvariant(), alert.Status);

        // Ten minutes with only 5 down minutes before a recovery would not alert; the recovery resolves this one.
        var recovered = LinkBatches.Parked(start.AddMinutes(20), 60);
        await Central.Agents.UploadBatchAsync(LinkBatches.Build(recovered,
        [
            new LinkSpec("wwan0", LinkBatches.Iccid(5001), "Telenor", "24201", _ => new LinkValues(4000, 50, LinkState.Up, -85)),
            new LinkSpec("wwan1", LinkBatches.Iccid(5002), "Telia", "24202", _ => new LinkValues(2500, 70, LinkState.Up, -100)),
        ], sequence: 2), agent.Credentials);
        await Evaluator.EvaluateOnceAsync(default);

        Assert.Equal("resolved", Assert.Single(await Alerts.ListAsync(new AlertQuery(Kind: AlertKinds.LinkDown, VehicleId: vehicleId), default)).Status);
    }

    [Fact]
    public async Task LinkDown_ShorterThanThreshold_NoAlert()
    {
        var agent = await EnrolledAgent.EnrollAsync(Central, "bus-alert-blip");
        var fixes = LinkBatches.Parked(DateTimeOffset.UtcNow.AddMinutes(-12), 600);
        await Central.Agents.UploadBatchAsync(LinkBatches.Build(fixes,
        [
            new LinkSpec("wwan1", LinkBatches.Iccid(5003), "Telia", "24202", i => i < 60
                ? new LinkValues(2500, 70, LinkState.Up, -100)
                : new LinkValues(0, 0, LinkState.Down, -125)), // down for 9 minutes: under the 15-minute threshold
        ]), agent.Credentials);

        await Evaluator.EvaluateOnceAsync(default);

        Assert.Empty(await Alerts.ListAsync(new AlertQuery(Kind: AlertKinds.LinkDown, VehicleId: Guid.Parse(agent.VehicleId)), default));
    }
}

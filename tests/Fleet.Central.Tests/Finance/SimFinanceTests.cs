using Fleet.Central.Alerts;
using Fleet.Central.Common;
using Fleet.Central.Finance;
using Fleet.Central.Tests.Coverage;
using Fleet.Central.Tests.Infrastructure;
using Fleet.Contracts.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Central.Tests.Finance;

/// <summary>SIM finance on the real host and PostgreSQL: telemetry bytes → daily usage → forecast → alert → ack.</summary>
public sealed class SimFinanceTests(ManualJobsCentral fixture) : IClassFixture<ManualJobsCentral>
{
    private const long Gb = 1_000_000_000;
    private CentralFixture Central => fixture.Central;
    private ISimFinanceService Finance => Central.App.Services.GetRequiredService<ISimFinanceService>();

    [Fact]
    public async Task SimUsage_ThreeWeeksOfBatches_DailyUsageForecastAlertAckAndTopUpResolves()
    {
        var agent = await EnrolledAgent.EnrollAsync(Central, "bus-finance-1");
        var iccid = LinkBatches.Iccid(1001);
        var otherIccid = LinkBatches.Iccid(1002); // in the box, but not registered with finance
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        static long PerDay(DateOnly d) => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? Gb / 2 : 3 * Gb;

        // 21 days of history, one batch per day (10 samples carrying that day's bytes: 40 % up, 60 % down).
        uint sequence = 1;
        var expected = new Dictionary<DateOnly, long>();
        for (var day = today.AddDays(-21); day < today; day = day.AddDays(1))
        {
            expected[day] = PerDay(day);
            await UploadDayAsync(agent, day.ToDateTime(new TimeOnly(10, 0)), PerDay(day), iccid, otherIccid, sequence++);
        }

        var created = await Finance.CreateSimAsync(new CreateSimRequest(
            iccid, "Telia", "Prepaid 1 EUR/GB", "prepaid", Guid.Parse(agent.VehicleId),
            PrepaidBalance: 8m, PricePerGb: 1m, TopUpLeadTimeDays: 7), null, default);
        Assert.True(created.Succeeded, created.Failure?.Message);
        var sim = created.Value;

        // Registration backfilled the history from link_samples, by ICCID.
        var usage = (await Finance.GetUsageAsync(sim.Id, today.AddDays(-21), today, null, default)).Value!;
        Assert.Equal(21, usage.Days.Count);
        Assert.All(usage.Days, d => Assert.Equal(expected[d.Day], d.TotalBytes));
        Assert.All(usage.Days, d => Assert.Equal(expected[d.Day] * 4 / 10, d.TxBytes));
        Assert.Equal(expected.Values.Sum(), usage.TotalBytes);

        // Today's batch arrives after registration: the incremental job counts it.
        var aggregator = Central.App.Services.GetRequiredService<SimUsageAggregator>();
        // Two minutes ago, but never before today's midnight (the suite may run just after it).
        var todaysStart = DateTime.UtcNow.AddMinutes(-2) is var recent && DateOnly.FromDateTime(recent) == today
            ? recent
            : today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        await UploadDayAsync(agent, todaysStart, Gb / 10, iccid, otherIccid, sequence++);
        Assert.True(await aggregator.RunOnceAsync(default) >= 1);
        var todayUsage = (await Finance.GetUsageAsync(sim.Id, today, today, null, default)).Value!;
        Assert.Equal(Gb / 10, Assert.Single(todayUsage.Days).TotalBytes);
        await aggregator.RunOnceAsync(default); // overlapping runs recompute whole days: never double-count
        Assert.Equal(expected.Values.Sum() + Gb / 10,
            (await Finance.GetUsageAsync(sim.Id, today.AddDays(-21), today, null, default)).Value!.TotalBytes);

        // Forecast: 8 GB balance from today, minus today's 0.1 GB, at the weekday profile of the last 3 weeks.
        var forecast = (await Finance.GetForecastAsync(sim.Id, null, default)).Value!;
        Assert.Equal(8 * Gb, forecast.AvailableBytes);
        Assert.Equal(8 * Gb - Gb / 10, forecast.RemainingBytes);
        var reference = UsageForecaster.Forecast(expected, today, Gb / 10, forecast.RemainingBytes, today.AddDays(-21), null,
            new ForecastParameters(4, 2, 1.645));
        Assert.Equal(reference.ExpectedRunOut, forecast.ExpectedRunOut);
        Assert.Equal(reference.EarliestRunOut, forecast.EarliestRunOut);
        Assert.InRange(forecast.ExpectedRunOut!.Value.DayNumber - today.DayNumber, 1, 7); // ~3 GB a weekday
        Assert.True(forecast.EarliestRunOut <= forecast.ExpectedRunOut);
        Assert.True(forecast.InsideLeadTime);

        // The evaluator raises one alert, and keeps it one alert.
        var evaluator = Central.App.Services.GetRequiredService<AlertEvaluator>();
        await evaluator.EvaluateOnceAsync(default);
        await evaluator.EvaluateOnceAsync(default);
        var alert = Assert.Single(await Finance.ListAlertsAsync(null, includeResolved: false, default), a => a.SimId == sim.Id);
        Assert.Equal("open", alert.Status);
        Assert.Contains(iccid, alert.Title);
        Assert.Equal(1, await Central.ScalarAsync<long>("SELECT count(*) FROM alerts WHERE sim_id = $1", sim.Id));

        // A finance user acknowledges it: who and when are kept.
        var acked = await Finance.AcknowledgeAlertAsync(alert.Id, "finance.anna", null, default);
        Assert.True(acked.Succeeded);
        Assert.Equal("acknowledged", acked.Value!.Status);
        Assert.Equal("finance.anna", acked.Value.AcknowledgedBy);
        Assert.InRange(acked.Value.AcknowledgedAt!.Value, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));

        // A top-up pushes the run-out beyond the lead time: the alert resolves.
        var topUp = await Finance.RecordTopUpAsync(sim.Id, new TopUpRequest("finance.anna", Amount: 100m), null, default);
        Assert.Equal(100 * Gb, topUp.Value!.DataBytes);
        Assert.False((await Finance.GetForecastAsync(sim.Id, null, default)).Value!.InsideLeadTime);
        await evaluator.EvaluateOnceAsync(default);
        Assert.DoesNotContain(await Finance.ListAlertsAsync(null, includeResolved: false, default), a => a.SimId == sim.Id);
        var resolved = Assert.Single(await Finance.ListAlertsAsync(null, includeResolved: true, default), a => a.SimId == sim.Id);
        Assert.Equal("resolved", resolved.Status);
        Assert.Equal("finance.anna", resolved.AcknowledgedBy);
    }

    [Fact]
    public async Task CreateSim_BadInput_RefusedWithReason()
    {
        var iccid = LinkBatches.Iccid(2001);
        var wrongCheckDigit = iccid[..^1] + (char)('0' + ((iccid[^1] - '0' + 1) % 10));

        var luhn = await Finance.CreateSimAsync(new CreateSimRequest(wrongCheckDigit, "Telia", "Plan", "allowance", AllowanceBytes: Gb), null, default);
        var noAllowance = await Finance.CreateSimAsync(new CreateSimRequest(iccid, "Telia", "Plan", "allowance"), null, default);
        var badBilling = await Finance.CreateSimAsync(new CreateSimRequest(iccid, "Telia", "Plan", "postpaid-ish"), null, default);
        var noVehicle = await Finance.CreateSimAsync(new CreateSimRequest(iccid, "Telia", "Plan", "allowance", Guid.NewGuid(), AllowanceBytes: Gb), null, default);
        var first = await Finance.CreateSimAsync(new CreateSimRequest(iccid, "Telia", "Plan", "allowance", AllowanceBytes: Gb), null, default);
        var duplicate = await Finance.CreateSimAsync(new CreateSimRequest(iccid, "Telenor", "Plan", "allowance", AllowanceBytes: Gb), null, default);

        Assert.Equal(FailureKind.InvalidArgument, luhn.Failure!.Kind);
        Assert.Contains("Luhn", luhn.Failure.Message);
        Assert.Contains("allowanceBytes", noAllowance.Failure!.Message);
        Assert.Contains("billing", badBilling.Failure!.Message);
        Assert.Contains("does not exist", noVehicle.Failure!.Message);
        Assert.True(first.Succeeded);
        Assert.Equal(FailureKind.Conflict, duplicate.Failure!.Kind);
        var noData = await Finance.RecordTopUpAsync(first.Value!.Id, new TopUpRequest("finance.bob", Amount: 5m), null, default);
        Assert.Contains("dataBytes", noData.Failure!.Message);
        Assert.Equal(FailureKind.NotFound, (await Finance.GetForecastAsync(Guid.NewGuid(), null, default)).Failure!.Kind);
    }

    private async Task UploadDayAsync(EnrolledAgent agent, DateTime startUtc, long bytes, string iccid, string otherIccid, uint sequence)
    {
        const int samples = 10;
        var fixes = LinkBatches.Parked(new DateTimeOffset(startUtc, TimeSpan.Zero), samples);
        var tx = (ulong)(bytes * 4 / 10 / samples);
        var rx = (ulong)(bytes * 6 / 10 / samples);
        var batch = LinkBatches.Build(fixes,
        [
            new LinkSpec("wwan0", iccid, "Telia", "24202", _ => new LinkValues(5000, 50, LinkState.Up, -90, tx, rx)),
            new LinkSpec("wwan1", otherIccid, "Telenor", "24201", _ => new LinkValues(5000, 50, LinkState.Up, -90, 7 * tx, 7 * rx)),
        ], sequence);
        await Central.Agents.UploadBatchAsync(batch, agent.Credentials);
    }
}

using Fleet.Central.Alerts;
using Fleet.Central.Alerts.Data;
using Fleet.Central.Common;
using Fleet.Central.Data;
using Fleet.Central.Data.Entities;
using Fleet.Central.Finance.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Fleet.Central.Finance;

public sealed partial class SimFinanceService(
    IDbContextFactory<FleetDbContext> contexts,
    SimUsageAggregator usage,
    VehicleTenants tenants,
    IAlertService alerts,
    IOptions<FinanceOptions> options,
    TimeProvider time,
    ILogger<SimFinanceService> logger) : ISimFinanceService
{
    private const int MaxUsageDays = 400;

    public async Task<IReadOnlyList<SimView>> ListSimsAsync(Guid? tenantId, Guid? vehicleId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sims = await db.Set<Sim>()
            .Where(s => (tenantId == null || s.TenantId == tenantId) && (vehicleId == null || s.VehicleId == vehicleId))
            .OrderBy(s => s.Iccid)
            .ToListAsync(cancellationToken);
        return sims.Select(SimView.From).ToList();
    }

    public async Task<Outcome<SimView>> GetSimAsync(Guid simId, Guid? tenantId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sim = await FindAsync(db, simId, tenantId, cancellationToken);
        return sim is null ? NotFound(simId) : SimView.From(sim);
    }

    public async Task<Outcome<SimView>> CreateSimAsync(CreateSimRequest request, Guid? tenantId, CancellationToken cancellationToken)
    {
        var invalid = SimRequestValidator.Validate(request);
        if (invalid is not null)
            return Failure.Invalid(invalid);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var billing = SimRequestValidator.ParseBilling(request.Billing)!.Value;

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var owner = tenantId;
        if (request.VehicleId is { } vehicleId)
        {
            if (!await db.Set<Vehicle>().AnyAsync(v => v.Id == vehicleId, cancellationToken))
                return Failure.Invalid($"Vehicle {vehicleId} does not exist.");
            var vehicleTenant = await tenants.LookupAsync(vehicleId, cancellationToken);
            if (tenantId is not null && vehicleTenant != tenantId)
                return Failure.Invalid($"Vehicle {vehicleId} does not exist.");
            owner = vehicleTenant;
        }

        var sim = new Sim
        {
            Id = Guid.NewGuid(),
            Iccid = request.Iccid,
            VehicleId = request.VehicleId,
            TenantId = owner,
            Carrier = request.Carrier.Trim(),
            PlanName = request.PlanName.Trim(),
            Billing = billing,
            AllowanceBytes = billing == SimBilling.Allowance ? request.AllowanceBytes : null,
            PeriodStartDay = billing == SimBilling.Allowance ? (short)(request.PeriodStartDay ?? 1) : null,
            PrepaidBalance = billing == SimBilling.Prepaid ? request.PrepaidBalance : null,
            BalanceAsOf = billing == SimBilling.Prepaid ? request.BalanceAsOf ?? today : null,
            PricePerGb = request.PricePerGb,
            PlanPrice = request.PlanPrice,
            Currency = request.Currency ?? options.Value.DefaultCurrency,
            TopUpLeadTimeDays = request.TopUpLeadTimeDays,
            CreatedAt = now,
        };
        db.Add(sim);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return new Failure(FailureKind.Conflict, $"A SIM with ICCID {request.Iccid} is already registered.");
        }

        // Telemetry may have carried this ICCID before finance registered it: count that history now.
        var backfill = options.Value.BackfillDays;
        if (backfill > 0)
            await usage.BackfillAsync(sim.Id, today.AddDays(-backfill), today, cancellationToken);
        LogSimCreated(logger, sim.Iccid, sim.Carrier, sim.Billing);
        return SimView.From(sim);
    }

    public async Task<Outcome<TopUpView>> RecordTopUpAsync(Guid simId, TopUpRequest request, Guid? tenantId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.RecordedBy) || request.RecordedBy.Length > 200)
            return Failure.Invalid("recordedBy must name the user (1..200 characters).");
        if (request.Note is { Length: > 500 })
            return Failure.Invalid("note must be at most 500 characters.");
        if (request.Amount is < 0 || request.DataBytes is < 0)
            return Failure.Invalid("amount and dataBytes must not be negative.");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sim = await FindAsync(db, simId, tenantId, cancellationToken);
        if (sim is null)
            return NotFound(simId);

        long bytes;
        if (sim.Billing == SimBilling.Prepaid)
        {
            if (request.Amount is not > 0)
                return Failure.Invalid("A prepaid top-up needs a positive amount.");
            bytes = request.DataBytes ?? SimLedger.BytesForAmount(sim, request.Amount.Value);
        }
        else
        {
            if (request.DataBytes is not > 0)
                return Failure.Invalid("An allowance top-up needs positive dataBytes (the add-on's data).");
            bytes = request.DataBytes.Value;
        }

        var topUp = new SimTopUp
        {
            Id = Guid.NewGuid(),
            SimId = sim.Id,
            Amount = request.Amount,
            DataBytes = bytes,
            RecordedAt = time.GetUtcNow(),
            RecordedBy = request.RecordedBy.Trim(),
            Note = request.Note,
        };
        db.Add(topUp);
        await db.SaveChangesAsync(cancellationToken);
        LogTopUp(logger, sim.Iccid, bytes, topUp.RecordedBy);
        return TopUpView.From(topUp);
    }

    public async Task<Outcome<IReadOnlyList<TopUpView>>> ListTopUpsAsync(Guid simId, Guid? tenantId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await FindAsync(db, simId, tenantId, cancellationToken) is null)
            return NotFound(simId);
        var topUps = await db.Set<SimTopUp>().Where(t => t.SimId == simId).OrderByDescending(t => t.RecordedAt).ToListAsync(cancellationToken);
        return Outcome<IReadOnlyList<TopUpView>>.From(topUps.Select(TopUpView.From).ToList());
    }

    public async Task<Outcome<SimUsageView>> GetUsageAsync(Guid simId, DateOnly? from, DateOnly? to, Guid? tenantId, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var last = to ?? today;
        var first = from ?? last.AddDays(-29);
        if (first > last)
            return Failure.Invalid("from must not be after to.");
        if (last.DayNumber - first.DayNumber >= MaxUsageDays)
            return Failure.Invalid($"At most {MaxUsageDays} days per request.");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sim = await FindAsync(db, simId, tenantId, cancellationToken);
        if (sim is null)
            return NotFound(simId);
        var days = await db.Set<SimDailyUsage>()
            .Where(u => u.SimId == simId && u.Day >= first && u.Day <= last)
            .OrderBy(u => u.Day)
            .ToListAsync(cancellationToken);
        var views = days.Select(u => new DailyUsageView(u.Day, u.TxBytes, u.RxBytes, u.TxBytes + u.RxBytes, u.Samples)).ToList();
        return new SimUsageView(sim.Id, sim.Iccid, first, last, views.Sum(v => v.TotalBytes), views);
    }

    public async Task<Outcome<SimForecastView>> GetForecastAsync(Guid simId, Guid? tenantId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sim = await FindAsync(db, simId, tenantId, cancellationToken);
        if (sim is null)
            return NotFound(simId);
        return await ForecastAsync(db, sim, cancellationToken);
    }

    /// <summary>Every SIM's forecast (the run-out alert rule).</summary>
    public async Task<IReadOnlyList<(Sim Sim, SimForecastView Forecast)>> ForecastAllAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sims = await db.Set<Sim>().AsNoTracking().ToListAsync(cancellationToken);
        var result = new List<(Sim, SimForecastView)>(sims.Count);
        foreach (var sim in sims)
            result.Add((sim, await ForecastAsync(db, sim, cancellationToken)));
        return result;
    }

    public Task<IReadOnlyList<AlertView>> ListAlertsAsync(Guid? tenantId, bool includeResolved, CancellationToken cancellationToken) =>
        includeResolved
            ? alerts.ListAsync(new AlertQuery(tenantId, Kind: AlertKinds.SimRunOut, Limit: 500), cancellationToken)
            : ListLiveRunOutAlertsAsync(tenantId, cancellationToken);

    public async Task<Outcome<AlertView>> AcknowledgeAlertAsync(Guid alertId, string acknowledgedBy, Guid? tenantId, CancellationToken cancellationToken)
    {
        var alert = await alerts.GetAsync(alertId, tenantId, cancellationToken);
        if (!alert.Succeeded)
            return alert.Failure;
        if (alert.Value.Kind != AlertKinds.SimRunOut)
            return Failure.NotFound($"Alert {alertId} is not a SIM run-out alert.");
        return await alerts.AcknowledgeAsync(alertId, acknowledgedBy, tenantId, cancellationToken);
    }

    private async Task<IReadOnlyList<AlertView>> ListLiveRunOutAlertsAsync(Guid? tenantId, CancellationToken cancellationToken)
    {
        var open = await alerts.ListAsync(new AlertQuery(tenantId, AlertStatus.Open, AlertKinds.SimRunOut, Limit: 500), cancellationToken);
        var acknowledged = await alerts.ListAsync(new AlertQuery(tenantId, AlertStatus.Acknowledged, AlertKinds.SimRunOut, Limit: 500), cancellationToken);
        return [.. open, .. acknowledged];
    }

    private async Task<SimForecastView> ForecastAsync(FleetDbContext db, Sim sim, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var (start, end) = SimLedger.Window(sim, today);
        var historyFrom = today.AddDays(-7 * o.ForecastWeeks);
        var fetchFrom = historyFrom < start ? historyFrom : start;
        var daily = await db.Set<SimDailyUsage>().AsNoTracking()
            .Where(u => u.SimId == sim.Id && u.Day >= fetchFrom && u.Day <= today)
            .ToDictionaryAsync(u => u.Day, u => u.TxBytes + u.RxBytes, cancellationToken);
        var windowStartUtc = new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var toppedUp = await db.Set<SimTopUp>()
            .Where(t => t.SimId == sim.Id && t.RecordedAt >= windowStartUtc)
            .SumAsync(t => (long?)t.DataBytes, cancellationToken) ?? 0;

        var available = SimLedger.BaseBytes(sim) + toppedUp;
        var used = daily.Where(d => d.Key >= start && d.Key <= today).Sum(d => d.Value);
        var usedToday = daily.GetValueOrDefault(today);
        var remaining = available - used;

        var createdDay = DateOnly.FromDateTime(sim.CreatedAt.UtcDateTime);
        var firstUsage = daily.Count > 0 ? daily.Keys.Min() : createdDay;
        var activeSince = firstUsage < createdDay ? firstUsage : createdDay;
        var forecast = UsageForecaster.Forecast(daily, today, usedToday, remaining, activeSince, end, o.Forecast);
        var alertBy = today.AddDays(sim.TopUpLeadTimeDays);
        return new SimForecastView(
            sim.Id, sim.Iccid, sim.Carrier, today, start, forecast.Horizon, available, used, usedToday, remaining,
            forecast.ExpectedRunOut, forecast.EarliestRunOut, alertBy,
            InsideLeadTime: forecast.EarliestRunOut is { } earliest && earliest <= alertBy,
            forecast.HistoryDays, forecast.OverallMeanBytes, forecast.Weekdays);
    }

    private static Task<Sim?> FindAsync(FleetDbContext db, Guid simId, Guid? tenantId, CancellationToken cancellationToken) =>
        db.Set<Sim>().FirstOrDefaultAsync(s => s.Id == simId && (tenantId == null || s.TenantId == tenantId), cancellationToken);

    private static Failure NotFound(Guid simId) => Failure.NotFound($"SIM {simId} not found.");
}

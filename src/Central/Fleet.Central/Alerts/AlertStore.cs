using Fleet.Central.Alerts.Data;
using Fleet.Central.Alerts.Webhooks;
using Fleet.Central.Common;
using Fleet.Central.Data;
using Microsoft.EntityFrameworkCore;

namespace Fleet.Central.Alerts;

/// <summary>Writes alert state changes and, in the same transaction, the webhook deliveries they owe, so an
/// event is never lost between "alert opened" and "receivers told".</summary>
public sealed partial class AlertStore(
    IDbContextFactory<FleetDbContext> contexts, WebhookDeliveryQueue deliveries, TimeProvider time, ILogger<AlertStore> logger)
{
    /// <summary>Makes the live alerts of <paramref name="kind"/> match <paramref name="active"/>: opens the
    /// new conditions, refreshes the persisting ones, resolves the ones that cleared.</summary>
    public async Task<ReconcileResult> ReconcileAsync(string kind, IReadOnlyCollection<AlertCondition> active, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var live = await db.Set<Alert>()
            .Where(a => a.Kind == kind && a.Status != AlertStatus.Resolved)
            .ToDictionaryAsync(a => a.DedupKey, cancellationToken);

        var opened = new List<Alert>();
        var resolved = new List<Alert>();
        var seen = new HashSet<string>();
        foreach (var condition in active)
        {
            if (!seen.Add(condition.DedupKey))
                continue;
            if (live.TryGetValue(condition.DedupKey, out var existing))
            {
                existing.LastSeenAt = now;
                existing.Title = condition.Title;
                existing.Detail = condition.Detail;
                existing.Severity = condition.Severity;
                continue;
            }
            var alert = new Alert
            {
                Id = Guid.NewGuid(),
                Kind = kind,
                DedupKey = condition.DedupKey,
                Severity = condition.Severity,
                Status = AlertStatus.Open,
                TenantId = condition.TenantId,
                VehicleId = condition.VehicleId,
                SimId = condition.SimId,
                ServerId = condition.ServerId,
                Title = condition.Title,
                Detail = condition.Detail,
                OpenedAt = now,
                LastSeenAt = now,
            };
            db.Add(alert);
            opened.Add(alert);
        }
        foreach (var (key, alert) in live)
        {
            if (seen.Contains(key))
                continue;
            alert.Status = AlertStatus.Resolved;
            alert.ResolvedAt = now;
            resolved.Add(alert);
        }
        await db.SaveChangesAsync(cancellationToken);

        foreach (var alert in opened)
            await deliveries.EnqueueAsync(db, alert, AlertEvents.Opened, now, cancellationToken);
        foreach (var alert in resolved)
            await deliveries.EnqueueAsync(db, alert, AlertEvents.Resolved, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        foreach (var alert in opened)
            LogOpened(logger, alert.Kind, alert.DedupKey, alert.Title);
        foreach (var alert in resolved)
            LogResolved(logger, alert.Kind, alert.DedupKey);
        if (opened.Count + resolved.Count > 0)
            deliveries.Signal();
        return new ReconcileResult(opened.Select(AlertView.From).ToList(), resolved.Select(AlertView.From).ToList());
    }

    public async Task<Outcome<AlertView>> AcknowledgeAsync(Guid alertId, string acknowledgedBy, Guid? tenantId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(acknowledgedBy) || acknowledgedBy.Length > 200)
            return Failure.Invalid("acknowledgedBy must name the user (1..200 characters).");
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var alert = await db.Set<Alert>().FirstOrDefaultAsync(a => a.Id == alertId && (tenantId == null || a.TenantId == tenantId), cancellationToken);
        if (alert is null)
            return Failure.NotFound($"Alert {alertId} not found.");
        switch (alert.Status)
        {
            case AlertStatus.Resolved:
                return Failure.FailedPrecondition($"Alert {alertId} is already resolved.");
            case AlertStatus.Acknowledged:
                return AlertView.From(alert);
        }
        alert.Status = AlertStatus.Acknowledged;
        alert.AcknowledgedAt = now;
        alert.AcknowledgedBy = acknowledgedBy.Trim();
        await db.SaveChangesAsync(cancellationToken);
        await deliveries.EnqueueAsync(db, alert, AlertEvents.Acknowledged, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogAcknowledged(logger, alert.Kind, alert.DedupKey, alert.AcknowledgedBy);
        deliveries.Signal();
        return AlertView.From(alert);
    }
}

public sealed record ReconcileResult(IReadOnlyList<AlertView> Opened, IReadOnlyList<AlertView> Resolved);

using System.Security.Cryptography;
using Fleet.Central.Alerts.Data;
using Fleet.Central.Common;
using Fleet.Central.Data;
using Microsoft.EntityFrameworkCore;

namespace Fleet.Central.Alerts;

public sealed class AlertService(IDbContextFactory<FleetDbContext> contexts, AlertStore store, TimeProvider time) : IAlertService
{
    private const int MaxLimit = 1000;

    public async Task<IReadOnlyList<AlertView>> ListAsync(AlertQuery query, CancellationToken cancellationToken)
    {
        var limit = Math.Clamp(query.Limit, 1, MaxLimit);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alerts = db.Set<Alert>().AsNoTracking().Where(a => query.TenantId == null || a.TenantId == query.TenantId);
        if (query.Status is { } status)
            alerts = alerts.Where(a => a.Status == status);
        if (query.Kind is { } kind)
            alerts = alerts.Where(a => a.Kind == kind);
        if (query.VehicleId is { } vehicle)
            alerts = alerts.Where(a => a.VehicleId == vehicle);
        var rows = await alerts.OrderByDescending(a => a.OpenedAt).Take(limit).ToListAsync(cancellationToken);
        return rows.Select(AlertView.From).ToList();
    }

    public async Task<Outcome<AlertView>> GetAsync(Guid alertId, Guid? tenantId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var alert = await db.Set<Alert>().AsNoTracking()
            .FirstOrDefaultAsync(a => a.Id == alertId && (tenantId == null || a.TenantId == tenantId), cancellationToken);
        return alert is null ? Failure.NotFound($"Alert {alertId} not found.") : AlertView.From(alert);
    }

    public Task<Outcome<AlertView>> AcknowledgeAsync(Guid alertId, string acknowledgedBy, Guid? tenantId, CancellationToken cancellationToken) =>
        store.AcknowledgeAsync(alertId, acknowledgedBy, tenantId, cancellationToken);

    public async Task<Outcome<CreatedWebhook>> CreateWebhookAsync(Guid? tenantId, string url, string? secret, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || url.Length > 2000)
            return Failure.Invalid("url must be an absolute http(s) URL of at most 2000 characters.");
        if (secret is not null && (secret.Length < 16 || secret.Length > 200))
            return Failure.Invalid("secret must be 16..200 characters (or omitted to have one generated).");
        var hook = new AlertWebhook
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            Url = url,
            Secret = secret ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            Enabled = true,
            CreatedAt = time.GetUtcNow(),
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Add(hook);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedWebhook(ToView(hook), hook.Secret);
    }

    public async Task<IReadOnlyList<WebhookView>> ListWebhooksAsync(Guid? tenantId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var hooks = await db.Set<AlertWebhook>().AsNoTracking()
            .Where(w => tenantId == null || w.TenantId == tenantId)
            .OrderBy(w => w.CreatedAt)
            .ToListAsync(cancellationToken);
        return hooks.Select(ToView).ToList();
    }

    public async Task<Outcome<bool>> DeleteWebhookAsync(Guid webhookId, Guid? tenantId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Set<AlertWebhook>()
            .Where(w => w.Id == webhookId && (tenantId == null || w.TenantId == tenantId))
            .ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? Failure.NotFound($"Webhook {webhookId} not found.") : true;
    }

    public async Task<Outcome<IReadOnlyList<WebhookDeliveryView>>> ListDeliveriesAsync(Guid webhookId, Guid? tenantId, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Set<AlertWebhook>().AnyAsync(w => w.Id == webhookId && (tenantId == null || w.TenantId == tenantId), cancellationToken))
            return Failure.NotFound($"Webhook {webhookId} not found.");
        var deliveries = await db.Set<WebhookDelivery>().AsNoTracking()
            .Where(d => d.WebhookId == webhookId)
            .OrderByDescending(d => d.Id)
            .Take(Math.Clamp(limit, 1, MaxLimit))
            .ToListAsync(cancellationToken);
        var ids = deliveries.Select(d => d.Id).ToList();
        var attempts = (await db.Set<WebhookDeliveryAttempt>().AsNoTracking()
                .Where(a => ids.Contains(a.DeliveryId))
                .OrderBy(a => a.Attempt)
                .ToListAsync(cancellationToken))
            .ToLookup(a => a.DeliveryId);
        return Outcome<IReadOnlyList<WebhookDeliveryView>>.From(deliveries.Select(d => new WebhookDeliveryView(
            d.Id, d.WebhookId, d.AlertId, d.Event, d.Status.ToString().ToLowerInvariant(), d.Attempts, d.LastStatusCode, d.LastError,
            d.CreatedAt, d.NextAttemptAt, d.CompletedAt,
            attempts[d.Id].Select(a => new WebhookAttemptView(a.Attempt, a.AttemptedAt, a.StatusCode, a.Error, a.DurationMs)).ToList())).ToList());
    }

    private static WebhookView ToView(AlertWebhook w) => new(w.Id, w.TenantId, w.Url, w.Enabled, w.CreatedAt);
}

using Fleet.Central.Common;

namespace Fleet.Central.Alerts;

/// <summary>Alerts and tenant webhooks, transport-neutral (REST v1, dashboard). A tenantId of null means
/// operator staff, who see every tenant; a tenant sees only its own alerts and webhooks.</summary>
public interface IAlertService
{
    Task<IReadOnlyList<AlertView>> ListAsync(AlertQuery query, CancellationToken cancellationToken);

    Task<Outcome<AlertView>> GetAsync(Guid alertId, Guid? tenantId, CancellationToken cancellationToken);

    /// <summary>Marks an open alert acknowledged by <paramref name="acknowledgedBy"/> (idempotent; a resolved
    /// alert cannot be acknowledged).</summary>
    Task<Outcome<AlertView>> AcknowledgeAsync(Guid alertId, string acknowledgedBy, Guid? tenantId, CancellationToken cancellationToken);

    /// <summary>Registers a webhook. <paramref name="secret"/> null = generate one (returned once).</summary>
    Task<Outcome<CreatedWebhook>> CreateWebhookAsync(Guid? tenantId, string url, string? secret, CancellationToken cancellationToken);

    Task<IReadOnlyList<WebhookView>> ListWebhooksAsync(Guid? tenantId, CancellationToken cancellationToken);

    Task<Outcome<bool>> DeleteWebhookAsync(Guid webhookId, Guid? tenantId, CancellationToken cancellationToken);

    Task<Outcome<IReadOnlyList<WebhookDeliveryView>>> ListDeliveriesAsync(Guid webhookId, Guid? tenantId, int limit, CancellationToken cancellationToken);
}

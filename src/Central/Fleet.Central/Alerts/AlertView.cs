using Fleet.Central.Alerts.Data;

namespace Fleet.Central.Alerts;

/// <summary>An alert as the API, dashboard and webhook payloads show it.</summary>
public sealed record AlertView(
    Guid Id,
    string Kind,
    string Severity,
    string Status,
    string Title,
    string? Detail,
    Guid? TenantId,
    Guid? VehicleId,
    Guid? SimId,
    Guid? ServerId,
    DateTimeOffset OpenedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgedBy,
    DateTimeOffset? ResolvedAt)
{
    public static AlertView From(Alert a) => new(
        a.Id, a.Kind, a.Severity.ToString().ToLowerInvariant(), a.Status.ToString().ToLowerInvariant(), a.Title, a.Detail,
        a.TenantId, a.VehicleId, a.SimId, a.ServerId, a.OpenedAt, a.LastSeenAt, a.AcknowledgedAt, a.AcknowledgedBy, a.ResolvedAt);
}

/// <summary>Filters for <see cref="IAlertService.ListAsync"/>. TenantId null = operator staff (every tenant).</summary>
public sealed record AlertQuery(Guid? TenantId = null, AlertStatus? Status = null, string? Kind = null, Guid? VehicleId = null, int Limit = 100);

public sealed record WebhookView(Guid Id, Guid? TenantId, string Url, bool Enabled, DateTimeOffset CreatedAt);

/// <summary>Returned once when a webhook is created: the signing secret is not shown again.</summary>
public sealed record CreatedWebhook(WebhookView Webhook, string Secret);

public sealed record WebhookDeliveryView(
    long Id, Guid WebhookId, Guid AlertId, string Event, string Status, int Attempts, int? LastStatusCode, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? CompletedAt,
    IReadOnlyList<WebhookAttemptView> AttemptLog);

public sealed record WebhookAttemptView(int Attempt, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, int DurationMs);

namespace Fleet.Central.Alerts.Data;

/// <summary>Where a tenant wants alert events POSTed. The secret signs each body (HMAC-SHA256) so the
/// receiver can tell the call came from Fleet. Tenant null = the operator's own hook, which gets every alert.</summary>
public sealed class AlertWebhook
{
    public Guid Id { get; set; }
    public Guid? TenantId { get; set; }
    public required string Url { get; set; }
    public required string Secret { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
}

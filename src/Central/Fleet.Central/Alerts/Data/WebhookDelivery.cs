namespace Fleet.Central.Alerts.Data;

public enum WebhookDeliveryStatus : short
{
    Pending = 0,
    Delivered = 1,
    /// <summary>Gave up after the last retry.</summary>
    Failed = 2,
}

/// <summary>One alert event owed to one webhook. Kept in the database (not in memory) so retries survive a
/// restart; every try is logged in <see cref="WebhookDeliveryAttempt"/>.</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }
    public Guid WebhookId { get; set; }
    public Guid AlertId { get; set; }
    public required string Event { get; set; }
    public required string Payload { get; set; }
    public WebhookDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

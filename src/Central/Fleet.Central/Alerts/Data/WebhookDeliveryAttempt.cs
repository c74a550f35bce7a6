namespace Fleet.Central.Alerts.Data;

/// <summary>One HTTP try of a delivery: what the receiver answered, or why there was no answer.</summary>
public sealed class WebhookDeliveryAttempt
{
    public long Id { get; set; }
    public long DeliveryId { get; set; }
    public int Attempt { get; set; }
    public DateTimeOffset AttemptedAt { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
    public int DurationMs { get; set; }
}

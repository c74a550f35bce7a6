using System.Text.Json;

namespace Fleet.Central.Alerts.Webhooks;

/// <summary>The JSON body POSTed to a webhook. EventId lets receivers drop a retried duplicate.</summary>
public sealed record WebhookPayload(Guid EventId, string Event, DateTimeOffset OccurredAt, AlertView Alert)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Serialize() => JsonSerializer.Serialize(this, Json);
}

using Fleet.Central.Alerts;

namespace Fleet.Central.ApiV1;

public sealed record AlertList(IReadOnlyList<AlertView> Items);

public sealed record WebhookList(IReadOnlyList<WebhookView> Items);

public sealed record WebhookDeliveryList(Guid WebhookId, IReadOnlyList<WebhookDeliveryView> Items);

/// <summary>POST /api/v1/webhooks. Secret omitted = one is generated and returned once.</summary>
public sealed record WebhookBody(string? Url, string? Secret);

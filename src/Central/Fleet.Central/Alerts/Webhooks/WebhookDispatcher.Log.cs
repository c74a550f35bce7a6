namespace Fleet.Central.Alerts.Webhooks;

public sealed partial class WebhookDispatcher
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} sent on attempt {Attempt} (HTTP {StatusCode})")]
    private static partial void LogDelivered(ILogger logger, long deliveryId, int attempt, int statusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} attempt {Attempt} failed: {Error} (gave up: {GaveUp})")]
    private static partial void LogAttemptFailed(ILogger logger, long deliveryId, int attempt, string error, bool gaveUp);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook dispatch pass failed")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);
}

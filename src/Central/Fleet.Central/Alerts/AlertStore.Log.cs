namespace Fleet.Central.Alerts;

public sealed partial class AlertStore
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert opened: {Kind} {DedupKey}: {Title}")]
    private static partial void LogOpened(ILogger logger, string kind, string dedupKey, string title);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert resolved: {Kind} {DedupKey}")]
    private static partial void LogResolved(ILogger logger, string kind, string dedupKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert acknowledged: {Kind} {DedupKey} by {User}")]
    private static partial void LogAcknowledged(ILogger logger, string kind, string dedupKey, string user);
}

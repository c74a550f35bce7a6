namespace Fleet.Central.Dashboard;

public sealed partial class FleetMapFeed
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Live map refresh failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Live map update could not be delivered to a dashboard")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception exception);
}

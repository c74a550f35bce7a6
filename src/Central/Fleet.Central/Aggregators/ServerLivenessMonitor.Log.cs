namespace Fleet.Central.Aggregators;

public sealed partial class ServerLivenessMonitor
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Live aggregation servers changed: {Count} live")]
    private static partial void LogLiveSetChanged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Liveness check failed")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}

namespace Fleet.Central.Storage;

public sealed partial class StorageMaintenanceJob
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Retention expired {Days} raw day(s), kept {Points} downsampled track points")]
    private static partial void LogRetention(ILogger logger, int days, long points);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage maintenance failed; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

namespace Fleet.Central.Storage;

public sealed partial class RetentionService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: dropped expired partition {Partition}")]
    private static partial void LogDropped(ILogger logger, string partition);
}

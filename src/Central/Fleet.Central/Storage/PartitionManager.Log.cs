namespace Fleet.Central.Storage;

public sealed partial class PartitionManager
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Created {Count} daily sample partition(s) for {First}..{Last}")]
    private static partial void LogCreated(ILogger logger, int count, DateOnly first, DateOnly last);
}

namespace Fleet.Central.Aggregators;

public sealed partial class AggregatorRegistry
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Aggregation server {Name} ({ServerId}) registered, endpoints {Endpoints}")]
    private static partial void LogRegistered(ILogger logger, string name, Guid serverId, string endpoints);
}

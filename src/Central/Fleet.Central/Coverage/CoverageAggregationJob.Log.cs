namespace Fleet.Central.Coverage;

public sealed partial class CoverageAggregationJob
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Coverage aggregation failed; retrying next interval")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}

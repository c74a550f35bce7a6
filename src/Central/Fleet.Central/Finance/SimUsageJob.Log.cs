namespace Fleet.Central.Finance;

public sealed partial class SimUsageJob
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "SIM usage aggregation failed; retrying next interval")]
    private static partial void LogRunFailed(ILogger logger, Exception exception);
}

namespace Fleet.Central.Finance;

public sealed partial class SimUsageAggregator
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "SIM usage recomputed for {Days} day(s): {Rows} SIM-day row(s)")]
    private static partial void LogAggregated(ILogger logger, int days, int rows);
}

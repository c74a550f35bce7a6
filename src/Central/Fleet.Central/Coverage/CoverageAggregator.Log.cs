namespace Fleet.Central.Coverage;

public sealed partial class CoverageAggregator
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Coverage: {Batches} batch(es), {Observations} observation(s), {Cells} cell(s) recomputed")]
    private static partial void LogAggregated(ILogger logger, int batches, int observations, int cells);
}

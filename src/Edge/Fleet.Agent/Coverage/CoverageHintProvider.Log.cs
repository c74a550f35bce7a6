using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Coverage;

public sealed partial class CoverageHintProvider
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "Coverage: {Cells} cell(s) along {Points} route point(s) ({LengthM:0} m ahead)")]
    private static partial void LogFetched(ILogger logger, int cells, int points, double lengthM);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Coverage fetch failed, keeping the cells already known: {Error}")]
    private static partial void LogFetchFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dead spot ahead for {Carrier} in {Seconds} s (cell {CellId}): lowering its weight")]
    private static partial void LogDeadSpotAhead(ILogger logger, string carrier, double seconds, string cellId);
}

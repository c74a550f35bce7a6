using Fleet.Grpc;
using Microsoft.Extensions.Logging;

namespace Fleet.Aggregator.Central;

public sealed partial class CentralLink
{
    [LoggerMessage(Level = LogLevel.Information, Message = "registered with central {Central} as {ServerId} ({Name})")]
    private static partial void LogRegistered(ILogger logger, string central, string serverId, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "central {Central}: {Status} {Detail}; registering again after a backoff")]
    private static partial void LogCentralFailed(ILogger logger, string central, StatusCode status, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "heartbeat failed: {Status} {Detail}")]
    private static partial void LogHeartbeatFailed(ILogger logger, StatusCode status, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "central asks this server to drain: it takes no new vehicles")]
    private static partial void LogDrainRequested(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "device watch ended: {Status} {Detail}")]
    private static partial void LogWatchFailed(ILogger logger, StatusCode status, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "device set revision {Revision}: {Count} device(s), {Added} added or changed, {Removed} removed")]
    private static partial void LogDevices(ILogger logger, long revision, int count, int added, int removed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "device not admitted: {Reason}")]
    private static partial void LogDeviceSkipped(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "route {Prefix} dev {Tun} failed: {Error}")]
    private static partial void LogRouteFailed(ILogger logger, string prefix, string tun, string error);
}

using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Bonding;

public sealed partial class AssignedTunnels
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Tunnels now to {Server} ({ServerId}) at {Endpoint}: {Reason}")]
    private static partial void LogRepointed(ILogger logger, string server, string serverId, string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Assignment revision {Revision} ignored for the tunnels: {Error}")]
    private static partial void LogBadAssignment(ILogger logger, long revision, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No traffic from {Server} for {Seconds:0.0} s: failing over to {Other}")]
    private static partial void LogFailover(ILogger logger, string server, double seconds, string other);

    [LoggerMessage(Level = LogLevel.Information, Message = "Uplink {Id} ({Uplink}) open from {Local}")]
    private static partial void LogUplinkAdded(ILogger logger, int id, string uplink, string local);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Uplink {Id} ({Uplink}) gone")]
    private static partial void LogUplinkGone(ILogger logger, int id, string uplink);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Uplink {Id} ({Uplink}) cannot be opened: {Error}")]
    private static partial void LogUplinkOpenFailed(ILogger logger, int id, string uplink, string error);
}

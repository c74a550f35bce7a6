using Microsoft.Extensions.Logging;

namespace Fleet.Bonding;

public sealed partial class BondingServer
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Session {SessionId} created for {Peer} from {EndPoint}")]
    private static partial void LogSessionCreated(ILogger logger, string peer, uint sessionId, string endPoint);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Debug, Message = "Session {SessionId} of {Peer} rekeyed to epoch {Epoch}")]
    private static partial void LogRekeyed(ILogger logger, string peer, uint sessionId, byte epoch);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Session {SessionId} of {Peer} expired")]
    private static partial void LogSessionExpired(ILogger logger, string peer, uint sessionId);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Warning, Message = "Listener receive failed: {Reason}")]
    private static partial void LogListenerFailed(ILogger logger, string reason);
}

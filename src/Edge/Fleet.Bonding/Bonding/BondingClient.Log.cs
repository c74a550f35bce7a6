using Fleet.Bonding.Crypto;
using Microsoft.Extensions.Logging;

namespace Fleet.Bonding;

public sealed partial class BondingClient
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Debug, Message = "Session {SessionId}: handshake init sent")]
    private static partial void LogHandshakeSent(ILogger logger, uint sessionId);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Handshake response rejected: {Error}")]
    private static partial void LogHandshakeRejected(ILogger logger, HandshakeError error);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Session {SessionId} established with server session {RemoteId}, key epoch {Epoch}")]
    private static partial void LogEstablished(ILogger logger, uint sessionId, uint remoteId, byte epoch);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Link {LinkId} receive failed: {Reason}")]
    private static partial void LogLinkReceiveFailed(ILogger logger, int linkId, string reason);
}

using Microsoft.Extensions.Logging;

namespace Fleet.Bonding;

public sealed partial class BondingSession
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Session {SessionId}: link {LinkId} added ({Name})")]
    private static partial void LogLinkAdded(ILogger logger, uint sessionId, int linkId, string name);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Session {SessionId}: link {LinkId} removed")]
    private static partial void LogLinkRemoved(ILogger logger, uint sessionId, int linkId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Session {SessionId}: link {LinkId} {Old} -> {New}")]
    private static partial void LogLinkState(ILogger logger, uint sessionId, int linkId, LinkState old, LinkState @new);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Session {SessionId}: link {LinkId} moved from {Old} to {New}")]
    private static partial void LogLinkRoamed(ILogger logger, uint sessionId, int linkId, string old, string @new);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Session {SessionId}: keys epoch {Epoch} installed (initiator {Initiator})")]
    private static partial void LogKeysInstalled(ILogger logger, uint sessionId, byte epoch, bool initiator);
}

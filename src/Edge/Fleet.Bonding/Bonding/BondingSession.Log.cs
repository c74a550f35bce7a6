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

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "Session {SessionId}: link {LinkId} {State} rate {RateMbit:F1} delivered {DeliveredMbit:F1} effective {EffectiveMbit:F1} Mbit/s, backlog {BacklogMs:F1} ms, owd min {OwdMinMs:F1} smoothed {OwdMs:F1} jitter {JitterMs:F1} rtt {RttMs:F1} ms, loss {Loss:P1}, sent {Sent} rx {Received}")]
    private static partial void LogLinkDetail(ILogger logger, uint sessionId, int linkId, LinkState state, double rateMbit, double deliveredMbit,
        double effectiveMbit, double backlogMs, double owdMinMs, double owdMs, double jitterMs, double rttMs, double loss, long sent, uint received);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Debug, Message = "Session {SessionId}: reorder timeout {TimeoutMs:F1} ms, retransmit wait {WaitMs:F1} ms, held {Held}, {Counters}, retransmitted {Retransmitted}")]
    private static partial void LogReorderDetail(ILogger logger, uint sessionId, double timeoutMs, double waitMs, int held, ReorderCounters counters, long retransmitted);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Debug, Message = "Session {SessionId}: playout on {On}, waiting {Waiting}, delayed {Delayed}, pushed out early {Early}, mean wait {MeanWaitMs:F1} ms")]
    private static partial void LogPlayoutDetail(ILogger logger, uint sessionId, bool on, int waiting, long delayed, long early, double meanWaitMs);
}

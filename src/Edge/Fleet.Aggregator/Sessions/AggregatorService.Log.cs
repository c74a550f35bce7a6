using Microsoft.Extensions.Logging;

namespace Fleet.Aggregator.Sessions;

public sealed partial class AggregatorService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "listening on {Listen}, TUN {Tun} {TunIp}, {Peers} authorised agent(s)")]
    private static partial void LogStarted(ILogger logger, string listen, string tun, string tunIp, int peers);

    [LoggerMessage(Level = LogLevel.Critical, Message = "cannot start: {Error}")]
    private static partial void LogStartFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "route {Prefix} dev {Tun} failed: {Error}")]
    private static partial void LogRouteFailed(ILogger logger, string prefix, string tun, string error);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "session {Peer} #{SessionId} up={Established} tx={TxPackets}p/{TxBytes}B rx={RxPackets}p/{RxBytes}B drops={Drops} links {Links}")]
    private static partial void LogSession(ILogger logger, string peer, uint sessionId, bool established, long txPackets, long txBytes,
        long rxPackets, long rxBytes, long drops, string links);
}

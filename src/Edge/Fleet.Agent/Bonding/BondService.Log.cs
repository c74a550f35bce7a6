using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Bonding;

public sealed partial class BondService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "bonding to {Server} via TUN {Tun} {TunIp}, uplinks {Uplinks}")]
    private static partial void LogStarted(ILogger logger, string server, string tun, string tunIp, string uplinks);

    [LoggerMessage(Level = LogLevel.Critical, Message = "cannot start: {Error}")]
    private static partial void LogStartFailed(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "uplink {Id} ({Uplink}) added from {Local}")]
    private static partial void LogUplinkAdded(ILogger logger, int id, string uplink, string local);

    [LoggerMessage(Level = LogLevel.Warning, Message = "uplink {Id} ({Uplink}) gone")]
    private static partial void LogUplinkGone(ILogger logger, int id, string uplink);

    [LoggerMessage(Level = LogLevel.Warning, Message = "uplink {Id} ({Uplink}) cannot be opened: {Error}")]
    private static partial void LogUplinkOpenFailed(ILogger logger, int id, string uplink, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "session up={Established} tx={TxPackets}p rx={RxPackets}p drops={Drops} links {Links}")]
    private static partial void LogSession(ILogger logger, bool established, long txPackets, long rxPackets, long drops, string links);
}

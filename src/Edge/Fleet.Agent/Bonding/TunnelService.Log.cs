using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Bonding;

public sealed partial class TunnelService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Tunnels: TUN {Tun} ({TunIp}), waiting for central's assignment")]
    private static partial void LogStarted(ILogger logger, string tun, string tunIp);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Tunnels cannot start: {Error}")]
    private static partial void LogStartFailed(ILogger logger, string error);
}

using Fleet.Agent.Serial;
using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Modems.At;

public sealed partial class AtCommandEngine
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Modem tty {Path} opened")]
    private partial void LogOpened(string path);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Modem tty {Path} not available ({Error}: {Detail}); retrying in {Delay}")]
    private partial void LogOpenFailed(string path, SerialOpenError error, string? detail, TimeSpan delay);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Modem tty {Path} lost: {Reason}")]
    private partial void LogPortLost(string path, string reason);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "AT command {Command} timed out after {Timeout}")]
    private partial void LogTimeout(string command, TimeSpan timeout);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Modem init command {Command} failed: {Status}")]
    private partial void LogInitFailed(string command, AtStatus status);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Modem tty {Path}: {Count} timeouts in a row, reopening")]
    private partial void LogReopenAfterTimeouts(string path, int count);
}

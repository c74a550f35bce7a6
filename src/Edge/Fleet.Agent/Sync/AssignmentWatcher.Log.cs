using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Sync;

public sealed partial class AssignmentWatcher
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Assignment revision {Revision}: primary {Primary}, backup {Backup}")]
        public static partial void Assigned(ILogger logger, long revision, string primary, string backup);

        [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Assignment watch ended ({Reason}); reconnecting in {Delay}")]
        public static partial void Reconnecting(ILogger logger, string reason, TimeSpan delay);
    }
}

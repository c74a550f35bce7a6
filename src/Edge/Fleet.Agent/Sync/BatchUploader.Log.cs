using Microsoft.Extensions.Logging;

namespace Fleet.Agent.Sync;

public sealed partial class BatchUploader
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Uploaded batch {BatchId} (#{Sequence}, {Bytes} bytes){Duplicate}; backlog {Backlog}")]
        public static partial void Uploaded(ILogger logger, string batchId, uint sequence, int bytes, string duplicate, int backlog);

        [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Upload of batch {BatchId} failed ({Status}: {Detail}); retry {Attempt} in {Delay}; backlog {Backlog}")]
        public static partial void Failed(ILogger logger, string batchId, string status, string detail, int attempt, TimeSpan delay, int backlog);

        [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Central answered batch {BatchId} with batch id {Answered}; keeping it and retrying")]
        public static partial void WrongAck(ILogger logger, string batchId, string answered);
    }
}
